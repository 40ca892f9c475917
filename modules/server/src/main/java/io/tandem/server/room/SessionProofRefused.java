package io.tandem.server.room;

/** A claim refused because the session's record holds another secret's hash: the hello did not prove the session. */
public final class SessionProofRefused extends RuntimeException {
  public SessionProofRefused(String sessionId) {
    super("session '" + sessionId + "' belongs to a browser session with another secret", null, false, false);
  }
}
