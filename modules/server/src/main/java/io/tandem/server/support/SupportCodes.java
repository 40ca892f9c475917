package io.tandem.server.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.SessionSummary;
import io.tandem.protocol.SupportCodeRedemption;
import io.tandem.server.audit.AuditTrail;
import io.tandem.server.auth.AgentIdentity;
import io.tandem.server.auth.LoginThrottle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Short codes a user reads out to an agent on the phone. A tab that proved its session asks for
 * one; the agent types it and is told which session it names, which the console then joins as any
 * other. A code names a session only to an agent who may see the session's project: to anyone else
 * it is one more wrong code. Wrong codes are counted per agent over a window (past the limit the
 * agent is refused without a look at the book) and audited; a success does not reset the count, or
 * an agent could interleave a code of their own session to go on guessing. Per node, like logins.
 * Thread-safe: every gateway instance calls in.
 */
public final class SupportCodes {
  public static final String AUDIT_KIND = "support.code";
  /** Codes are drawn at random; a draw that hits a live code is drawn again, this often at most. */
  private static final int DRAWS = 8;
  private static final int CODE_SPACE = 1_000_000;
  /** The throttle counts per agent; its second key is always this. */
  private static final String THROTTLE_SCOPE = "support-code";
  /** Agents remembered for the once-a-window audit of their throttled attempts. */
  private static final int MAX_THROTTLED_AGENTS = 10_000;

  /** The session a code leads to, or why it leads nowhere. */
  public record Redemption(SessionSummary session, ErrorCode refusal, String message) {
    static Redemption refused(ErrorCode code, String message) {
      return new Redemption(null, code, message);
    }
  }

  private final SupportCodeBook book;
  private final SupportCodeSettings settings;
  private final Function<String, Future<Optional<SessionSummary>>> liveSession;
  private final AuditTrail audit;
  private final LongSupplier clockMillis;
  private final LoginThrottle failures;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Counter> outcomes = new LinkedHashMap<>();
  /** Per throttled agent, until when its throttled attempts are not audited again. */
  private final Map<String, Long> throttleAudited = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX_THROTTLED_AGENTS;
    }
  };

  /** {@code liveSession} finds a live session anywhere in the cluster by its id. */
  public SupportCodes(SupportCodeBook book, SupportCodeSettings settings, Function<String, Future<Optional<SessionSummary>>> liveSession,
      AuditTrail audit, MeterRegistry registry, LongSupplier clockMillis) {
    this.book = book;
    this.settings = settings;
    this.liveSession = liveSession;
    this.audit = audit;
    this.clockMillis = clockMillis;
    this.failures = new LoginThrottle(settings.maxFailures(), settings.failureWindowMs(), clockMillis);
    for (String outcome : new String[] {"issued", "unavailable", "redeemed", "refused", "ended", "throttled"}) {
      outcomes.put(outcome, Counter.builder("tandem.support.codes").tag("outcome", outcome)
          .description("support codes issued to tabs and typed by agents, by outcome").register(registry));
    }
  }

  /**
   * A code for a session whose tab proved it; fails if no free code was drawn. A session that asks
   * again while its code has more than half its lifetime left gets that code back, so a session
   * holds at most two live codes however often its tabs ask: the code space and the book stay
   * bounded by the sessions, not by the requests.
   */
  public Future<SupportCode> issue(String sessionId, String projectId) {
    long halfLife = clockMillis.getAsLong() + settings.ttlMs() / 2;
    return book.ofSession(sessionId)
        .compose(current -> current.filter(code -> code.liveAt(halfLife)).map(Future::succeededFuture)
            .orElseGet(() -> draw(sessionId, projectId, DRAWS)))
        .onSuccess(code -> outcomes.get("issued").increment())
        .onFailure(e -> outcomes.get("unavailable").increment());
  }

  private Future<SupportCode> draw(String sessionId, String projectId, int drawsLeft) {
    if (drawsLeft == 0) {
      return Future.failedFuture(new IllegalStateException(DRAWS + " codes drawn were all live"));
    }
    String digits = String.format("%0" + SupportCodeRedemption.DIGITS + "d", random.nextInt(CODE_SPACE));
    SupportCode code = new SupportCode(digits, sessionId, projectId, clockMillis.getAsLong() + settings.ttlMs());
    return book.reserve(code).compose(kept -> kept ? Future.succeededFuture(code) : draw(sessionId, projectId, drawsLeft - 1));
  }

  /** What the code an agent typed leads to. */
  public Future<Redemption> redeem(AgentIdentity agent, SupportCodeRedemption typed) {
    long retryAfterMs = failures.retryAfterMs(agent.id(), THROTTLE_SCOPE);
    if (retryAfterMs > 0) {
      return Future.succeededFuture(throttled(agent, retryAfterMs));
    }
    if (!typed.wellFormed()) {
      return Future.succeededFuture(wrong(agent));
    }
    return book.find(typed.code()).compose(found -> {
      Optional<SupportCode> usable = found.filter(code -> code.liveAt(clockMillis.getAsLong()) && agent.sees(code.projectId()));
      if (usable.isEmpty()) {
        return Future.succeededFuture(wrong(agent));
      }
      String sessionId = usable.get().sessionId();
      return liveSession.apply(sessionId).map(session -> session.map(live -> redeemed(agent, live)).orElseGet(() -> ended(agent, sessionId)));
    });
  }

  private Redemption redeemed(AgentIdentity agent, SessionSummary session) {
    record(agent, session.room(), "redeemed");
    return new Redemption(session, null, null);
  }

  /** A genuine code of a session that is over: not a guess, so it does not count against the agent. */
  private Redemption ended(AgentIdentity agent, String sessionId) {
    record(agent, sessionId, "ended");
    return Redemption.refused(ErrorCode.SUPPORT_CODE_INVALID, "the session of this support code has ended; ask the user for a new code");
  }

  private Redemption wrong(AgentIdentity agent) {
    failures.failed(agent.id(), THROTTLE_SCOPE);
    record(agent, null, "refused");
    return Redemption.refused(ErrorCode.SUPPORT_CODE_INVALID,
        "no live session has this support code (wrong, or expired): check it with the user, or ask for a new one");
  }

  private Redemption throttled(AgentIdentity agent, long retryAfterMs) {
    outcomes.get("throttled").increment();
    long now = clockMillis.getAsLong();
    synchronized (throttleAudited) {
      if (now >= throttleAudited.getOrDefault(agent.id(), 0L)) {
        throttleAudited.put(agent.id(), now + retryAfterMs);
        audit.record(AUDIT_KIND, agent.id(), null, "throttled", new JsonObject().put("retryAfterMs", retryAfterMs));
      }
    }
    long seconds = (retryAfterMs + 999) / 1000;
    return Redemption.refused(ErrorCode.SUPPORT_CODE_THROTTLED,
        "more than " + settings.maxFailures() + " wrong support codes; try again in " + seconds + " s");
  }

  private void record(AgentIdentity agent, String sessionId, String outcome) {
    outcomes.get(outcome).increment();
    audit.record(AUDIT_KIND, agent.id(), sessionId, outcome, new JsonObject());
  }
}
