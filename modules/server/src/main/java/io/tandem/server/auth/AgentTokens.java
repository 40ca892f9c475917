package io.tandem.server.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

/**
 * Issues and verifies the RS256 JWTs agents use on the REST API and on {@code /ws/agent}. A valid
 * signature is not enough: the account is read again, so a disabled agent is refused at once and
 * changed roles or projects apply without waiting for the token to expire.
 */
public final class AgentTokens {
  private static final String ALGORITHM = "RS256";

  private final JWTAuth jwt;
  private final String issuer;
  private final long ttlSeconds;
  private final AgentAccounts accounts;

  public AgentTokens(Vertx vertx, SigningKeys keys, String issuer, long ttlSeconds, AgentAccounts accounts) {
    this.issuer = issuer;
    this.ttlSeconds = ttlSeconds;
    this.accounts = accounts;
    this.jwt =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .setJWTOptions(new JWTOptions().setIssuer(issuer).setAlgorithm(ALGORITHM))
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(keys.privateKeyPem()))
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(keys.publicKeyPem())));
  }

  public long ttlSeconds() {
    return ttlSeconds;
  }

  public String issue(AgentIdentity agent) {
    JsonObject claims = new JsonObject().put("name", agent.name()).put("roles", new JsonArray(agent.roles()));
    return jwt.generateToken(
        claims,
        new JWTOptions().setAlgorithm(ALGORITHM).setSubject(agent.id()).setIssuer(issuer).setExpiresInSeconds((int) ttlSeconds));
  }

  /**
   * The agent a token names, or a failed future if it is forged, expired or malformed, or the
   * account is disabled; {@link AccountCheckFailed} if the account could not be read.
   */
  public Future<AgentIdentity> verify(String token) {
    return jwt.authenticate(new TokenCredentials(token))
        .compose(user -> accounts.current(user.principal().getString("sub"))
            .recover(e -> Future.failedFuture(new AccountCheckFailed(e))))
        .compose(agent -> agent.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture("the agent's account is disabled or gone")));
  }
}
