package io.tandem.server.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import io.tandem.server.support.SupportCode;
import io.tandem.server.support.SupportCodeBook;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's live support codes in the Hazelcast map {@code tandem.supportCodes}: digits → code,
 * each entry with the code's lifetime as its time to live, so a code is unique cluster-wide and any
 * node finds it. Answers on the caller's context.
 */
public final class HazelcastSupportCodeBook implements SupportCodeBook {
  static final String MAP = "tandem.supportCodes";
  static final String BY_SESSION = "tandem.supportCodesBySession";

  private final IMap<String, SupportCode> codes;
  private final IMap<String, SupportCode> newestOfSession;

  public HazelcastSupportCodeBook(HazelcastInstance hazelcast) {
    this.codes = hazelcast.getMap(MAP);
    this.newestOfSession = hazelcast.getMap(BY_SESSION);
  }

  @Override
  public Future<Boolean> reserve(SupportCode code) {
    return onCaller(codes.submitToKey(code.code(), new Reserve(code))).compose(kept -> !kept ? Future.succeededFuture(false)
        : onCaller(newestOfSession.setAsync(code.sessionId(), code, Math.max(1, code.expiresAt() - System.currentTimeMillis()),
            TimeUnit.MILLISECONDS)).map(true));
  }

  @Override
  public Future<Optional<SupportCode>> ofSession(String sessionId) {
    return onCaller(newestOfSession.getAsync(sessionId)).map(Optional::ofNullable);
  }

  @Override
  public Future<Optional<SupportCode>> find(String code) {
    return onCaller(codes.getAsync(code)).map(Optional::ofNullable);
  }

  /** Hazelcast completes on its own threads: the answer goes back to the caller's context, if it has one. */
  private static <T> Future<T> onCaller(CompletionStage<T> stage) {
    Context context = Vertx.currentContext();
    return context == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, context);
  }

  /** Runs on the entry's partition, so two nodes drawing the same digits at once cannot both keep them. */
  private static final class Reserve implements EntryProcessor<String, SupportCode, Boolean> {
    private final SupportCode code;

    Reserve(SupportCode code) {
      this.code = code;
    }

    @Override
    public Boolean process(Map.Entry<String, SupportCode> entry) {
      long now = System.currentTimeMillis();
      SupportCode current = entry.getValue();
      if (current != null && now < current.expiresAt()) {
        return false;
      }
      ((ExtendedMapEntry<String, SupportCode>) entry).setValue(code, Math.max(1, code.expiresAt() - now), TimeUnit.MILLISECONDS);
      return true;
    }
  }
}
