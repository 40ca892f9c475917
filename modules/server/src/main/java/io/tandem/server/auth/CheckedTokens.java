package io.tandem.server.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Tokens whose signature and claims this node has checked, with their claims, kept until the token
 * expires or its agent's account changes: a console that reconnects, and every REST call of a
 * team, skip the RSA check. Only the signature check is kept: the account is still read on every
 * use ({@link Accounts#current}), so a disabled agent or a reset password refuses a kept token at
 * once. At most {@code auth.checkedTokens} tokens are kept; past that, the expired ones go, and if
 * none has, all. Thread-safe.
 */
final class CheckedTokens {
  private final ConcurrentMap<String, JsonObject> claimsByToken = new ConcurrentHashMap<>();
  private final int maxTokens;
  private final Counter signatureChecks;
  private final Counter reused;

  CheckedTokens(int maxTokens, MeterRegistry registry) {
    this.maxTokens = maxTokens;
    this.signatureChecks = checks(registry, "signature");
    this.reused = checks(registry, "kept");
  }

  private static Counter checks(MeterRegistry registry, String how) {
    return Counter.builder("tandem.auth.token.checks").tag("signature", how)
        .description("agent tokens checked, by whether the signature was checked or a kept check was reused").register(registry);
  }

  /** The claims of a token checked before that has not expired by {@code nowMillis}. */
  Optional<JsonObject> claims(String token, long nowMillis) {
    JsonObject claims = claimsByToken.get(token);
    if (claims == null) {
      return Optional.empty();
    }
    if (expiresAtMillis(claims) <= nowMillis) {
      claimsByToken.remove(token);
      return Optional.empty();
    }
    reused.increment();
    return Optional.of(claims);
  }

  /** A token whose signature was just checked; one without an expiry is not kept. */
  void checked(String token, JsonObject claims, long nowMillis) {
    signatureChecks.increment();
    if (!claims.containsKey("exp") || !claims.containsKey("sub")) {
      return;
    }
    if (claimsByToken.size() >= maxTokens) {
      claimsByToken.values().removeIf(kept -> expiresAtMillis(kept) <= nowMillis);
      if (claimsByToken.size() >= maxTokens) {
        claimsByToken.clear();
      }
    }
    claimsByToken.put(token, claims);
  }

  /** The agent's account changed: its tokens are checked in full again. */
  void forget(String agentId) {
    claimsByToken.entrySet().removeIf((Map.Entry<String, JsonObject> kept) -> agentId.equals(kept.getValue().getString("sub")));
  }

  private static long expiresAtMillis(JsonObject claims) {
    return claims.getLong("exp", 0L) * 1000;
  }
}
