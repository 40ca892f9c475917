package io.tandem.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.SessionSummary;
import io.tandem.protocol.SupportCodeRedemption;
import io.tandem.server.audit.AuditTrail;
import io.tandem.server.auth.AgentIdentity;
import io.tandem.server.testing.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issuing and redeeming support codes as a plain object, on a clock of its own (a single node's book). */
@DisplayName("support codes")
class SupportCodesTest {
  private static final long TTL_MS = 60_000;
  private static final AgentIdentity ALICE = new AgentIdentity("alice", "Alice", List.of("agent"), Set.of("shop"));
  private static final AgentIdentity BOB = new AgentIdentity("bob", "Bob", List.of("agent"), Set.of("bank"));

  private final AtomicLong clock = new AtomicLong(1_000_000);
  /** The live sessions the codes may name: the cluster's session list. */
  private final Map<String, SessionSummary> live = new HashMap<>();
  private final List<JsonObject> audited = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private SupportCodes codes;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>localConsumer(AuditTrail.ADDRESS, message -> audited.add(message.body()));
    codes = new SupportCodes(new LocalSupportCodeBook(clock::get), new SupportCodeSettings(TTL_MS, 3, 600_000),
        id -> Future.succeededFuture(Optional.ofNullable(live.get(id))), new AuditTrail(vertx), new SimpleMeterRegistry(), clock::get);
    live.put("shop-session-1", session("shop-session-1", "shop"));
    live.put("bank-session-1", session("bank-session-1", "bank"));
  }

  @AfterEach
  void tearDown() {
    TestNode.await(vertx.close());
  }

  @Test
  void aCodeIsSixDigitsValidForItsLifetimeAndLeadsToItsSession() {
    SupportCode code = issue("shop-session-1", "shop");
    assertThat(code.code()).matches("[0-9]{6}");
    assertThat(code.expiresAt()).isEqualTo(clock.get() + TTL_MS);
    SupportCodes.Redemption redeemed = redeem(ALICE, code.code());
    assertThat(redeemed.refusal()).isNull();
    assertThat(redeemed.session().room()).isEqualTo("shop-session-1");
    assertThat(redeem(ALICE, code.code()).session()).as("a colleague may use it too while it lives").isNotNull();
  }

  @Test
  void liveCodesNeverRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      assertThat(seen.add(issue("shop-session-" + i, "shop").code())).isTrue();
    }
  }

  /** Found by the protocol fuzzer: every request drew a new code, so one session could fill the book (and the code space). */
  @Test
  void aSessionThatAsksAgainGetsItsCodeBackUntilHalfItsLifetimeIsGone() {
    SupportCode first = issue("shop-session-1", "shop");
    for (int i = 0; i < 100; i++) {
      assertThat(issue("shop-session-1", "shop")).isEqualTo(first);
    }
    clock.addAndGet(TTL_MS / 2);
    SupportCode second = issue("shop-session-1", "shop");
    assertThat(second.code()).isNotEqualTo(first.code());
    assertThat(redeem(ALICE, first.code()).session()).as("the first still leads to the session until it expires").isNotNull();
    assertThat(issue("bank-session-1", "bank").code()).isNotIn(first.code(), second.code());
  }

  @Test
  void aCodePastItsLifetimeIsRefused() {
    SupportCode code = issue("shop-session-1", "shop");
    clock.addAndGet(TTL_MS);
    assertThat(redeem(ALICE, code.code()).refusal()).isEqualTo(ErrorCode.SUPPORT_CODE_INVALID);
  }

  @Test
  void aCodeOfAProjectTheAgentMayNotSeeIsAnsweredLikeAWrongOne() {
    SupportCode bank = issue("bank-session-1", "bank");
    String wrong = bank.code().equals("000000") ? "000001" : "000000";
    SupportCodes.Redemption hidden = redeem(ALICE, bank.code());
    SupportCodes.Redemption missing = redeem(ALICE, wrong);
    assertThat(hidden).isEqualTo(missing);
    assertThat(hidden.refusal()).isEqualTo(ErrorCode.SUPPORT_CODE_INVALID);
    assertThat(redeem(BOB, bank.code()).session().room()).isEqualTo("bank-session-1");
  }

  @Test
  void wrongCodesAreThrottledPerAgentAndASuccessDoesNotResetTheCount() {
    SupportCode code = issue("shop-session-1", "shop");
    redeem(ALICE, "12345x");
    redeem(ALICE, code.code());
    redeem(ALICE, "1234567");
    SupportCodes.Redemption third = redeem(ALICE, "99999");
    assertThat(third.refusal()).isEqualTo(ErrorCode.SUPPORT_CODE_INVALID);
    SupportCodes.Redemption throttled = redeem(ALICE, code.code());
    assertThat(throttled.refusal()).as("even the right code, once throttled").isEqualTo(ErrorCode.SUPPORT_CODE_THROTTLED);
    assertThat(throttled.message()).contains("try again in 600 s");
    assertThat(redeem(BOB, "000000").refusal()).as("another agent is not throttled").isEqualTo(ErrorCode.SUPPORT_CODE_INVALID);
    clock.addAndGet(600_000);
    assertThat(redeem(ALICE, code.code()).refusal()).as("the window has passed (and so has the code)").isEqualTo(ErrorCode.SUPPORT_CODE_INVALID);
  }

  @Test
  void aGenuineCodeOfAnEndedSessionIsRefusedWithoutCountingAsAGuess() {
    SupportCode code = issue("shop-session-1", "shop");
    live.remove("shop-session-1");
    for (int i = 0; i < 5; i++) {
      SupportCodes.Redemption ended = redeem(ALICE, code.code());
      assertThat(ended.refusal()).isEqualTo(ErrorCode.SUPPORT_CODE_INVALID);
      assertThat(ended.message()).contains("has ended");
    }
  }

  @Test
  void everyRedemptionIsAuditedAndThrottledAttemptsOnceAWindow() throws InterruptedException {
    SupportCode code = issue("shop-session-1", "shop");
    redeem(ALICE, code.code());
    for (int i = 0; i < 6; i++) {
      redeem(ALICE, "000000".equals(code.code()) ? "000001" : "000000");
    }
    awaitAudited(5);
    assertThat(audited).extracting(row -> row.getString("kind")).containsOnly(SupportCodes.AUDIT_KIND);
    assertThat(audited).extracting(row -> row.getString("outcome")).containsExactly("redeemed", "refused", "refused", "refused", "throttled");
    assertThat(audited.get(0).getString("sessionId")).isEqualTo("shop-session-1");
    assertThat(audited.subList(1, 5)).allMatch(row -> row.getString("sessionId") == null && "alice".equals(row.getString("agentId")));
  }

  /** Audit rows travel over the event bus: polled until they are there. */
  private void awaitAudited(int rows) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (audited.size() < rows) {
      assertThat(System.nanoTime()).as("audit rows").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private SupportCode issue(String session, String project) {
    return TestNode.await(codes.issue(session, project));
  }

  private SupportCodes.Redemption redeem(AgentIdentity agent, String code) {
    return TestNode.await(codes.redeem(agent, new SupportCodeRedemption(code)));
  }

  private static SessionSummary session(String room, String project) {
    return new SessionSummary(room, project, "user", Map.of(), 0, "idle", List.of(), List.of());
  }
}
