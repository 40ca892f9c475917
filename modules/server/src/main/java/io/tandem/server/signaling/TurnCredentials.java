package io.tandem.server.signaling;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A TURN username and password in coturn's REST API scheme ({@code use-auth-secret}): the
 * username is {@code <expiry in unix seconds>:<participant>}, the password
 * base64(HMAC-SHA1(secret, username)). coturn recomputes the password from the username and
 * refuses it after the expiry, so nodes and coturn share only the secret, never a user list.
 */
public record TurnCredentials(String username, String credential, Instant expiresAt) {
  private static final String HMAC = "HmacSHA1";

  public static TurnCredentials issue(String secret, String participantId, Instant expiresAt) {
    String username = expiresAt.getEpochSecond() + ":" + participantId;
    return new TurnCredentials(username, sign(secret, username), expiresAt);
  }

  private static String sign(String secret, String username) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
      return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no " + HMAC, e);
    }
  }
}
