package io.tandem.server.support;

import java.io.Serializable;

/**
 * A live support code and the session it leads to. It names the session, not the node that owns
 * it: whoever redeems the code finds the owner then, so a session that moved while its code was
 * live is still found.
 */
public record SupportCode(String code, String sessionId, String projectId, long expiresAt) implements Serializable {

  boolean liveAt(long nowMillis) {
    return nowMillis < expiresAt;
  }
}
