package io.tandem.server.support;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Where live support codes are kept, so that no two live codes are the same. On a single node
 * {@link LocalSupportCodeBook}; in a cluster a Hazelcast map, so every node finds every code.
 */
public interface SupportCodeBook {

  /** Keeps the code until it expires, unless a live code with the same digits is kept already: answers whether it was kept. */
  Future<Boolean> reserve(SupportCode code);

  /** The code with these digits if it is kept (it may have just expired: callers check). */
  Future<Optional<SupportCode>> find(String code);

  /** The session's newest kept code (it may have just expired: callers check). */
  Future<Optional<SupportCode>> ofSession(String sessionId);
}
