package io.tandem.server.room;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of a session's secret. The browser session that starts a session keeps the secret;
 * the room, and in a cluster the room's ownership record, keep only this hash. Every later tab,
 * reload or reconnect must present a secret with the same hash, so knowing the session id (every
 * agent sees it as the room id) attaches nothing.
 */
public final class SessionProof implements Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] hash;

  private SessionProof(byte[] hash) {
    this.hash = hash;
  }

  public static SessionProof of(String secret) {
    try {
      return new SessionProof(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Constant time, so the comparison tells an attacker nothing about how close a guess came. */
  public boolean matches(SessionProof presented) {
    return MessageDigest.isEqual(hash, presented.hash);
  }
}
