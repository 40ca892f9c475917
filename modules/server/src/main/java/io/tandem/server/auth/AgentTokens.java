package io.tandem.server.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.Optional;

/**
 * Issues and verifies the RS256 JWTs agents use on the REST API and on {@code /ws/agent}. A valid
 * signature is not enough: the account is read again, so a disabled agent is refused at once and
 * changed roles or projects apply without waiting for the token to expire; a token whose version
 * ({@code tv}) is not the account's was revoked by a password reset.
 *
 * <p>A token also carries the time of the login it descends from ({@code auth_time}): refreshing
 * keeps it, and no token of that login outlives {@code auth.refreshMaxLifetimeSeconds} after it.
 */
public final class AgentTokens {
  private static final String ALGORITHM = "RS256";
  private static final String VERSION_CLAIM = "tv";
  private static final String LOGIN_CLAIM = "auth_time";
  /** The single sign-on a token descends from: its refresh asks the identity provider again. */
  private static final String SSO_CLAIM = "sso";

  private final JWTAuth jwt;
  private final String issuer;
  private final long ttlSeconds;
  private final long refreshMaxLifetimeSeconds;
  private final AgentAccounts accounts;
  private final CheckedTokens checked;

  /** {@code keptTokens}: how many checked tokens are kept ({@link CheckedTokens}). */
  public AgentTokens(Vertx vertx, SigningKeys keys, String issuer, long ttlSeconds, long refreshMaxLifetimeSeconds, AgentAccounts accounts,
      int keptTokens, MeterRegistry registry) {
    this.checked = new CheckedTokens(keptTokens, registry);
    this.issuer = issuer;
    this.ttlSeconds = ttlSeconds;
    this.refreshMaxLifetimeSeconds = refreshMaxLifetimeSeconds;
    this.accounts = accounts;
    this.jwt =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .setJWTOptions(new JWTOptions().setIssuer(issuer).setAlgorithm(ALGORITHM))
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(keys.privateKeyPem()))
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(keys.publicKeyPem())));
  }

  public long refreshMaxLifetimeSeconds() {
    return refreshMaxLifetimeSeconds;
  }

  /** The token of a password login made now. */
  public IssuedToken login(AgentIdentity agent, int tokenVersion) {
    return ssoLogin(agent, tokenVersion, null);
  }

  /** The token of a login made now; {@code ssoLogin} names the single sign-on it came from, null for a password. */
  public IssuedToken ssoLogin(AgentIdentity agent, int tokenVersion, String ssoLogin) {
    long now = nowSeconds();
    return issue(agent, tokenVersion, ssoLogin, now, now);
  }

  /** A fresh token of the same login; check {@link #refreshable} first. */
  public IssuedToken refresh(VerifiedToken token) {
    return issue(token.agent(), token.tokenVersion(), token.ssoLogin(), token.loginAtSeconds(), nowSeconds());
  }

  /** A token lasts the token life, never past the login's lifetime. */
  private IssuedToken issue(AgentIdentity agent, int tokenVersion, String ssoLogin, long loginAtSeconds, long nowSeconds) {
    long expiresAt = Math.min(nowSeconds + ttlSeconds, loginAtSeconds + refreshMaxLifetimeSeconds);
    JsonObject claims = new JsonObject().put("name", agent.name()).put("roles", new JsonArray(agent.roles()))
        .put(VERSION_CLAIM, tokenVersion).put(LOGIN_CLAIM, loginAtSeconds).put("iat", nowSeconds).put("exp", expiresAt);
    if (ssoLogin != null) {
      claims.put(SSO_CLAIM, ssoLogin);
    }
    String token = jwt.generateToken(claims,
        new JWTOptions().setAlgorithm(ALGORITHM).setSubject(agent.id()).setIssuer(issuer).setNoTimestamp(true));
    return new IssuedToken(token, expiresAt * 1000);
  }

  /** Whether a fresh token may still be issued for this token's login. */
  public boolean refreshable(VerifiedToken token) {
    return nowSeconds() < token.loginAtSeconds() + refreshMaxLifetimeSeconds;
  }

  /**
   * The token's agent and claims, or a failed future if it is forged, expired or malformed;
   * {@link TokenRevoked} if the account is disabled or the password was reset since;
   * {@link AccountCheckFailed} if the account could not be read.
   */
  public Future<VerifiedToken> verify(String token) {
    return claims(token).compose(claims -> accounts.current(claims.getString("sub"))
        .recover(e -> Future.failedFuture(new AccountCheckFailed(e)))
        .compose(found -> {
          int version = claims.getInteger(VERSION_CLAIM, 0);
          if (found.isEmpty()) {
            return Future.failedFuture(TokenRevoked.accountDisabled());
          }
          if (found.get().tokenVersion() != version) {
            return Future.failedFuture(TokenRevoked.passwordReset());
          }
          long loginAt = claims.getLong(LOGIN_CLAIM, claims.getLong("iat", 0L));
          Long expiresAt = claims.getLong("exp");
          return Future.succeededFuture(new VerifiedToken(found.get().identity(), version, loginAt,
              expiresAt == null ? Long.MAX_VALUE : expiresAt * 1000, claims.getString(SSO_CLAIM)));
        }));
  }

  /** The token's signed claims: its signature is checked once, then the check is kept until the token expires. */
  private Future<JsonObject> claims(String token) {
    Optional<JsonObject> kept = checked.claims(token, System.currentTimeMillis());
    if (kept.isPresent()) {
      return Future.succeededFuture(kept.get());
    }
    return jwt.authenticate(new TokenCredentials(token)).map(user -> {
      // the whole payload; the principal holds only the claims that are not registered ones
      JsonObject claims = user.attributes().getJsonObject("accessToken");
      checked.checked(token, claims, System.currentTimeMillis());
      return claims;
    });
  }

  /** The agent's account changed: the checks kept for its tokens go, so its next token use is checked in full. */
  public void forget(String agentId) {
    checked.forget(agentId);
  }

  private static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }
}
