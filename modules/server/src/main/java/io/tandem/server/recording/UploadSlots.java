package io.tandem.server.recording;

import io.tandem.protocol.ErrorCode;
import io.tandem.server.http.Problems;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code recordings.maxConcurrentUploads} requests of {@code /api/recordings} in progress
 * on the node at once, across its event loops: each may hold a chunk (up to
 * {@code recordings.maxChunkBytes}) in memory until PostgreSQL has it. One more is refused with
 * 503 {@code RECORDING_UPLOADS_BUSY} and {@code Retry-After}, before its body is read; the console
 * sends the chunk again.
 */
public final class UploadSlots implements Handler<RoutingContext> {
  static final String RETRY_AFTER_SECONDS = "1";

  private final int max;
  private final AtomicInteger inProgress = new AtomicInteger();

  public UploadSlots(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("recordings.maxConcurrentUploads (TANDEM_RECORDINGS_MAX_CONCURRENT_UPLOADS) must be at least 1, not " + max);
    }
    this.max = max;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (inProgress.incrementAndGet() > max) {
      inProgress.decrementAndGet();
      ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
      Problems.send(ctx, 503, ErrorCode.RECORDING_UPLOADS_BUSY.name(),
          "the node takes " + max + " recording uploads at once (recordings.maxConcurrentUploads); send this one again shortly");
      return;
    }
    ctx.addEndHandler(done -> inProgress.decrementAndGet());
    ctx.next();
  }
}
