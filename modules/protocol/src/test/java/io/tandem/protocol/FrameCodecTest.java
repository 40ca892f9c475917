package io.tandem.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameCodecTest {
  private final FrameCodec codec = new FrameCodec();

  private Frame decode(String json) {
    return codec.decode(json.getBytes(StandardCharsets.UTF_8), 16 * 1024);
  }

  @Nested
  @DisplayName("payload")
  class PayloadBytes {
    @Test
    void keepsThePayloadAsTheExactBytesSent() {
      String events = "[ {\"type\":2,\"data\":{\"node\":{\"id\":1}}} ,{\"type\":3, \"x\":\"é\\u0041\"}]";
      Frame frame = decode("{\"t\":\"events\",\"seq\":3,\"d\":" + events + ",\"snapshot\":true}");

      assertThat(new String(frame.payload().toBytes(), StandardCharsets.UTF_8)).isEqualTo(events);
      assertThat(frame.payload().count()).isEqualTo(2);
      assertThat(frame.header().has("d")).isFalse();
    }

    @Test
    void relaysThePayloadUnchangedInsideTheAgentFrame() {
      String events = "[{\"type\":3,\"data\":{\"text\":\"a\\\"b\"}}]";
      EventBatch batch = EventBatch.from(decode("{\"t\":\"events\",\"seq\":9,\"d\":" + events + "}"));

      String agentFrame = new String(ServerFrames.events(ServerFrames.eventsHeader("room-0001", "tab-00001"), batch), StandardCharsets.UTF_8);

      assertThat(agentFrame)
          .isEqualTo("{\"t\":\"events\",\"room\":\"room-0001\",\"tab\":\"tab-00001\",\"seq\":9,\"snapshot\":false,\"d\":" + events + "}");
      assertThat(decode(agentFrame).payload().count()).isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("header")
  class Header {
    @Test
    void readsEveryKindOfHeaderValueWhereverThePayloadIs() {
      Frame frame = decode(" { \"d\" : [ ] , \"t\":\"page\",\"seq\":12345678901,\"small\":-7,\"big\":123456789012345678901234,"
          + "\"f\":1.5e2,\"ok\":true,\"no\":false,\"none\":null,\"s\":\"a\\\"b\\u00e9\",\"o\":{\"k\":[1,\"v\"]},\"\\u0078\":\"x\" } ");

      assertThat(frame.type()).isEqualTo(FrameType.PAGE);
      assertThat(frame.payload().count()).isZero();
      assertThat(frame.requiredLong("seq")).isEqualTo(12345678901L);
      assertThat(frame.requiredLong("small")).isEqualTo(-7);
      assertThat(frame.header().get("big").bigIntegerValue()).hasToString("123456789012345678901234");
      assertThat(frame.header().get("f").doubleValue()).isEqualTo(150.0);
      assertThat(frame.optionalBoolean("ok", false)).isTrue();
      assertThat(frame.optionalBoolean("no", true)).isFalse();
      assertThat(frame.optionalText("none")).isEmpty();
      assertThat(frame.requiredText("s")).isEqualTo("a\"bé");
      assertThat(frame.requiredObject("o").get("k").get(1).textValue()).isEqualTo("v");
      assertThat(frame.requiredText("x")).as("an escaped field name").isEqualTo("x");
    }

    @Test
    void aLaterDuplicateFieldWins() {
      Frame frame = decode("{\"t\":\"events\",\"seq\":1,\"seq\":2,\"d\":[1],\"d\":[1,2]}");

      assertThat(frame.requiredLong("seq")).isEqualTo(2);
      assertThat(frame.payload().count()).isEqualTo(2);
    }
  }

  @Nested
  @DisplayName("malformed input")
  class Malformed {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "not json at all|MALFORMED_FRAME",
          "[1,2,3]|MALFORMED_FRAME",
          "\"hello\"|MALFORMED_FRAME",
          "{\"t\":\"events\",\"seq\":1,\"d\":[1,2|MALFORMED_FRAME",
          "{\"t\":\"hello\"} {\"t\":\"hello\"}|MALFORMED_FRAME",
          "{\"seq\":1}|MISSING_FIELD",
          "{\"t\":42}|MALFORMED_FRAME",
          "{\"t\":\"explode\"}|UNKNOWN_TYPE",
          "{\"t\":\"events\",\"seq\":1,\"d\":{\"a\":1}}|MALFORMED_FRAME",
          "{\"t\":\"events\",\"seq\":1,\"d\":[1,]}|MALFORMED_FRAME",
          "{\"t\":\"events\",\"seq\":01,\"d\":[]}|MALFORMED_FRAME",
          "{\"t\":\"events\" \"seq\":1}|MALFORMED_FRAME",
          "{\"t\":\"events\",}|MALFORMED_FRAME",
          "{t:\"events\"}|MALFORMED_FRAME",
          "{\"t\":\"events\"|MALFORMED_FRAME",
          "{}|MISSING_FIELD",
        })
    void refusesWithACode(String input, ErrorCode expected) {
      assertThatThrownBy(() -> decode(input))
          .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(expected))
          .hasMessageNotContaining("Exception");
    }

    @Test
    void refusesAFrameOverTheLimitBeforeParsingIt() {
      byte[] big = ("{\"t\":\"events\",\"seq\":1,\"d\":[\"" + "x".repeat(2000) + "\"]}").getBytes(StandardCharsets.UTF_8);

      assertThatThrownBy(() -> codec.decode(big, 1024))
          .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE))
          .hasMessageContaining("over the limit of 1024 bytes");
    }

    @Test
    void refusesDeepNesting() {
      String deep = "[".repeat(500) + "]".repeat(500);
      assertThatThrownBy(() -> codec.decode(("{\"t\":\"events\",\"seq\":1,\"d\":" + deep + "}").getBytes(StandardCharsets.UTF_8), 4096))
          .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_FRAME));
    }
  }

  @Nested
  @DisplayName("typed frames")
  class Typed {
    private static final String HELLO_PREFIX =
        "{\"t\":\"hello\",\"v\":1,\"projectKey\":\"k\",\"sessionId\":\"session-1\",\"sessionSecret\":\"secret-0123456789abcdefghij\",\"tabId\":\"tab-00001\"";

    @Test
    void readsATrackerHello() {
      TrackerHello hello =
          TrackerHello.from(
              decode(HELLO_PREFIX + ",\"page\":{\"url\":\"http://x/\",\"title\":\"X\",\"visible\":false},\"userId\":\"u1\",\"metadata\":{\"plan\":\"pro\"}}"),
              Limits.defaults());

      assertThat(hello.sessionId()).isEqualTo("session-1");
      assertThat(hello.sessionSecret()).isEqualTo("secret-0123456789abcdefghij");
      assertThat(hello.toString()).doesNotContain(hello.sessionSecret());
      assertThat(hello.page()).isEqualTo(new PageInfo("http://x/", "X", false));
      assertThat(hello.userId()).contains("u1");
      assertThat(hello.metadata()).containsEntry("plan", "pro");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "{\"t\":\"hello\",\"v\":2,\"token\":\"x\"}|UNSUPPORTED_VERSION",
          "{\"t\":\"hello\",\"token\":\"x\"}|MISSING_FIELD",
          "{\"t\":\"hello\",\"v\":1}|MISSING_FIELD",
          "{\"t\":\"hello\",\"v\":1,\"token\":7}|MALFORMED_FRAME",
        })
    void refusesABadAgentHello(String input, ErrorCode expected) {
      assertThatThrownBy(() -> AgentHello.from(decode(input)))
          .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(expected));
    }

    @Test
    void refusesAnInvalidSessionId() {
      assertThatThrownBy(() -> TrackerHello.from(decode(HELLO_PREFIX.replace("session-1", "bad id!") + ",\"page\":{\"url\":\"u\"}}"), Limits.defaults()))
          .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ID))
          .hasMessageContaining("sessionId");
    }

    @ParameterizedTest(name = "sessionSecret {0}")
    @ValueSource(strings = {"", "short-secret", "not a secret at all, spaces!!"})
    void refusesAMissingOrOddSessionSecretWithItsOwnCode(String secret) {
      String hello = HELLO_PREFIX + ",\"page\":{\"url\":\"u\"}}";
      String withSecret = hello.replace("secret-0123456789abcdefghij", secret);
      String without = hello.replace(",\"sessionSecret\":\"secret-0123456789abcdefghij\"", "");
      for (String input : new String[] {withSecret, without}) {
        assertThatThrownBy(() -> TrackerHello.from(decode(input), Limits.defaults()))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSION_PROOF_FAILED))
            .hasMessageContaining("sessionSecret");
      }
    }

    @Test
    void refusesOversizeMetadata() {
      String big = "m".repeat(5000);
      assertThatThrownBy(
              () -> TrackerHello.from(decode(HELLO_PREFIX + ",\"page\":{\"url\":\"u\"},\"metadata\":{\"k\":\"" + big + "\"}}"), Limits.defaults()))
          .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.METADATA_TOO_LARGE));
    }

    @Test
    void refusesABatchWithoutPayloadOrWithABadSeq() {
      assertThatThrownBy(() -> EventBatch.from(decode("{\"t\":\"events\",\"seq\":1}")))
          .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_FIELD));
      assertThatThrownBy(() -> EventBatch.from(decode("{\"t\":\"events\",\"seq\":1.5,\"d\":[]}")))
          .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_FRAME));
      assertThatThrownBy(() -> EventBatch.from(decode("{\"t\":\"events\",\"seq\":0,\"d\":[]}")))
          .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_FRAME));
    }

    @Test
    void endpointsAcceptOnlyTheirOwnFrames() {
      assertThat(Endpoint.TRACKER.accepts(FrameType.EVENTS)).isTrue();
      assertThat(Endpoint.TRACKER.accepts(FrameType.JOIN)).isFalse();
      assertThat(Endpoint.AGENT.accepts(FrameType.JOIN)).isTrue();
      assertThat(Endpoint.AGENT.accepts(FrameType.EVENTS)).isFalse();
    }
  }
}
