package io.tandem.server.support;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The support codes of a single node. Every code lives equally long, so the order codes were
 * reserved in is the order they expire in: expired ones are let go from the front.
 */
public final class LocalSupportCodeBook implements SupportCodeBook {
  private final Map<String, SupportCode> codes = new LinkedHashMap<>();
  private final Map<String, SupportCode> newestOfSession = new HashMap<>();
  private final LongSupplier clockMillis;

  public LocalSupportCodeBook(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  @Override
  public synchronized Future<Boolean> reserve(SupportCode code) {
    forgetExpired();
    boolean kept = codes.putIfAbsent(code.code(), code) == null;
    if (kept) {
      newestOfSession.put(code.sessionId(), code);
    }
    return Future.succeededFuture(kept);
  }

  @Override
  public synchronized Future<Optional<SupportCode>> ofSession(String sessionId) {
    forgetExpired();
    return Future.succeededFuture(Optional.ofNullable(newestOfSession.get(sessionId)));
  }

  @Override
  public synchronized Future<Optional<SupportCode>> find(String code) {
    forgetExpired();
    return Future.succeededFuture(Optional.ofNullable(codes.get(code)));
  }

  private void forgetExpired() {
    long now = clockMillis.getAsLong();
    Iterator<SupportCode> oldest = codes.values().iterator();
    while (oldest.hasNext()) {
      SupportCode code = oldest.next();
      if (code.liveAt(now)) {
        return;
      }
      oldest.remove();
      newestOfSession.remove(code.sessionId(), code);
    }
  }
}
