package io.tandem.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.protocol.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Refusals are audited in aggregate, so neither a flood nor a stream of connections floods the audit log. */
@DisplayName("refusals in the audit log")
class RefusalsTest {
  private static final long MINUTE = 60_000;

  @Nested
  @DisplayName("of one socket")
  class OneSocket {
    private final Refusals refusals = new Refusals();

    @Test
    void theClientIsToldOfACodeOnceAMinute() {
      assertThat(refusals.add(ErrorCode.PAGE_RATE_LIMITED, 0)).isTrue();
      assertThat(refusals.add(ErrorCode.PAGE_RATE_LIMITED, 1)).isFalse();
      assertThat(refusals.add(ErrorCode.SIGNAL_RATE_LIMITED, 2)).as("another code").isTrue();
      assertThat(refusals.add(ErrorCode.PAGE_RATE_LIMITED, MINUTE - 1)).isFalse();
      assertThat(refusals.add(ErrorCode.PAGE_RATE_LIMITED, MINUTE)).isTrue();
    }

    @Test
    void makeOneRowAMinuteWithTheirCounts() {
      refusals.add(ErrorCode.PAGE_RATE_LIMITED, 0);
      refusals.add(ErrorCode.PAGE_RATE_LIMITED, 0);
      assertThat(refusals.takeIfDue(0)).isEqualTo(Map.of(ErrorCode.PAGE_RATE_LIMITED, 2));
      refusals.add(ErrorCode.HEARTBEAT_RATE_LIMITED, 1);
      assertThat(refusals.takeIfDue(MINUTE - 1)).as("a row went out less than a minute ago").isEmpty();
      assertThat(refusals.takeIfDue(MINUTE)).isEqualTo(Map.of(ErrorCode.HEARTBEAT_RATE_LIMITED, 1));
      assertThat(refusals.takeIfDue(3 * MINUTE)).as("nothing pending, no row").isEmpty();
    }

    @Test
    void leaveARowAtCloseIfAnyArePending() {
      refusals.add(ErrorCode.CONSENT_RATE_LIMITED, 0);
      assertThat(refusals.takeIfDue(0)).hasSize(1);
      refusals.add(ErrorCode.CONSENT_RATE_LIMITED, 5);
      assertThat(refusals.takeAll(10)).isEqualTo(Map.of(ErrorCode.CONSENT_RATE_LIMITED, 1));
      assertThat(refusals.takeAll(11)).isEmpty();
    }
  }

  @Nested
  @DisplayName("of the node")
  class TheNode {
    private record Row(String sessionId, JsonObject details) {}

    private final List<Row> rows = new ArrayList<>();
    private final RefusalAudit audit = new RefusalAudit(2, (sessionId, details) -> rows.add(new Row(sessionId, details)), 0);

    @Test
    void aSocketRowNamesOnlyWhatTheNodeVouchesFor() {
      audit.socket("session-1", "demo", "203.0.113.7", Map.of(ErrorCode.PAGE_RATE_LIMITED, 3), 0);
      audit.socket(null, null, "203.0.113.8", Map.of(ErrorCode.SIGNAL_RATE_LIMITED, 1), 0);

      assertThat(rows.get(0).sessionId()).isEqualTo("session-1");
      assertThat(rows.get(0).details()).isEqualTo(new JsonObject().put("scope", "socket").put("count", 3)
          .put("codes", new JsonObject().put("PAGE_RATE_LIMITED", 3)).put("address", "203.0.113.7").put("project", "demo"));
      assertThat(rows.get(1).sessionId()).as("a hello the node did not welcome names no session").isNull();
      assertThat(rows.get(1).details().containsKey("project")).isFalse();
    }

    @Test
    void socketRowsOverTheMinutesBudgetAreFoldedIntoOneNodeRow() {
      for (int i = 0; i < 50; i++) {
        audit.socket("session-" + i, "demo", "203.0.113." + i, Map.of(ErrorCode.RATE_LIMITED, 1), i);
      }
      assertThat(rows).hasSize(2);
      audit.flushIfDue(MINUTE - 1);
      assertThat(rows).hasSize(2);

      audit.flushIfDue(MINUTE);
      assertThat(rows).hasSize(3);
      Row node = rows.get(2);
      assertThat(node.sessionId()).isNull();
      assertThat(node.details().getString("scope")).isEqualTo("node");
      assertThat(node.details().getInteger("count")).isEqualTo(48);
      assertThat(node.details().getInteger("sockets")).isEqualTo(48);
      assertThat(node.details().getJsonObject("addresses").size()).as("a bounded row").isEqualTo(RefusalAudit.MAX_ADDRESSES);

      audit.socket("session-x", "demo", "203.0.113.99", Map.of(ErrorCode.RATE_LIMITED, 1), MINUTE + 1);
      assertThat(rows).as("a new minute, a new budget").hasSize(4);
    }

    @Test
    void socketsRefusedAtACapOnlyCountInTheNodeRow() {
      for (int i = 0; i < 1000; i++) {
        audit.refusedSocket(ErrorCode.ADDRESS_FULL, "203.0.113.7", i);
      }
      audit.refusedSocket(ErrorCode.PROJECT_FULL, "203.0.113.8", 1000);
      assertThat(rows).isEmpty();

      audit.flushIfDue(MINUTE);
      assertThat(rows).singleElement().satisfies(row -> {
        assertThat(row.details().getJsonObject("codes")).isEqualTo(new JsonObject().put("ADDRESS_FULL", 1000).put("PROJECT_FULL", 1));
        assertThat(row.details().getJsonObject("addresses")).isEqualTo(new JsonObject().put("203.0.113.7", 1000).put("203.0.113.8", 1));
      });
      audit.flushIfDue(3 * MINUTE);
      assertThat(rows).as("nothing folded, no row").hasSize(1);
    }
  }
}
