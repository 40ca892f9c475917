package io.tandem.bench.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The generator's Vert.x: its event loops (lanes) and one WebSocket client they share. */
public final class Lanes implements AutoCloseable {
  private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  private final Vertx vertx;
  private final WebSocketClient client;
  private final List<Lane> lanes = new ArrayList<>();

  public Lanes(int count) {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(count));
    client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(1_000_000)
        .setConnectTimeout(30_000)
        .setMaxFrameSize(MAX_MESSAGE_BYTES)
        .setMaxMessageSize(MAX_MESSAGE_BYTES));
    for (int i = 0; i < count; i++) {
      Lane lane = new Lane();
      await(vertx.deployVerticle(lane));
      lanes.add(lane);
    }
  }

  public Lane lane(int index) {
    return lanes.get(Math.floorMod(index, lanes.size()));
  }

  WebSocketClient client() {
    return client;
  }

  @Override
  public void close() {
    await(vertx.close());
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("generator Vert.x did not respond: " + e, e);
    }
  }
}
