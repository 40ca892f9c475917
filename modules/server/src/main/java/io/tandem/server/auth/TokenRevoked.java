package io.tandem.server.auth;

/**
 * The token is genuine but no longer stands: an administrator disabled (or removed) the account,
 * or the password was reset after it was issued. A console told which can say so instead of
 * "your session expired".
 */
public final class TokenRevoked extends RuntimeException {
  private final boolean accountDisabled;

  private TokenRevoked(String message, boolean accountDisabled) {
    super(message, null, false, false);
    this.accountDisabled = accountDisabled;
  }

  static TokenRevoked accountDisabled() {
    return new TokenRevoked("the agent's account is disabled or gone", true);
  }

  static TokenRevoked passwordReset() {
    return new TokenRevoked("the token was revoked: the agent's password was reset", false);
  }

  public boolean isAccountDisabled() {
    return accountDisabled;
  }
}
