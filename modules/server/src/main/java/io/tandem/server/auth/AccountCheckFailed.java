package io.tandem.server.auth;

/**
 * The token is good but the agent's account could not be read (the database did not answer). Not
 * a reason to send the agent back to the login page: the client should try again shortly.
 */
public final class AccountCheckFailed extends RuntimeException {
  public static final String MESSAGE = "this node could not check your account just now (its database did not answer); try again in a moment";

  AccountCheckFailed(Throwable cause) {
    super(MESSAGE, cause);
  }
}
