package io.tandem.server.auth;

/**
 * A token that stands: its signature and expiry are good, its agent's account is enabled and has
 * not revoked it. {@code loginAtSeconds} is when the agent logged in (a refreshed token keeps it);
 * {@code expiresAtMillis} when the token runs out; {@code ssoLogin} the single sign-on it descends
 * from, null after a password login.
 */
public record VerifiedToken(AgentIdentity agent, int tokenVersion, long loginAtSeconds, long expiresAtMillis, String ssoLogin) {

  /** The token with the agent as they are now (after the identity provider was asked again). */
  public VerifiedToken withAgent(AgentIdentity current) {
    return new VerifiedToken(current, tokenVersion, loginAtSeconds, expiresAtMillis, ssoLogin);
  }
}
