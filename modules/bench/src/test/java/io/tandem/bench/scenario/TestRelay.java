package io.tandem.bench.scenario;

import io.tandem.bench.target.ProcessCpu;
import io.tandem.bench.target.Target;
import io.tandem.bench.target.TargetKind;
import io.tandem.bench.wire.BareWire;
import io.tandem.bench.wire.Wire;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The bare relay's protocol (see {@code BareRelay}) on loopback, with faults a test can set: each
 * message reaches agents {@code delayMillis} late (in order), and the {@code dropNth} message of
 * every room (counted from 1, the snapshot; 0 for none) is never delivered.
 */
final class TestRelay implements Target, AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final long delayMillis;
  private final int dropNth;
  private final Map<String, Room> rooms = new ConcurrentHashMap<>();

  private static final class Room {
    volatile ServerWebSocket tracker;
    final List<ServerWebSocket> agents = new CopyOnWriteArrayList<>();
    int messages;
  }

  TestRelay(long delayMillis, int dropNth) throws Exception {
    this.delayMillis = delayMillis;
    this.dropNth = dropNth;
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .webSocketHandler(this::onSocket)
        .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void onSocket(ServerWebSocket ws) {
    String[] parts = ws.path().split("/");
    Room room = rooms.computeIfAbsent(parts[2], id -> new Room());
    if ("tracker".equals(parts[1])) {
      room.tracker = ws;
      ws.textMessageHandler(text -> forward(room, text));
    } else {
      room.agents.add(ws);
      ws.closeHandler(v -> room.agents.remove(ws));
      room.tracker.writeTextMessage("start");
    }
  }

  private void forward(Room room, String text) {
    if (++room.messages == dropNth) {
      return;
    }
    vertx.setTimer(Math.max(1, delayMillis), id -> room.agents.forEach(agent -> agent.writeTextMessage(text)));
  }

  @Override
  public TargetKind kind() {
    return TargetKind.BARE;
  }

  @Override
  public Wire wire() {
    return new BareWire(server.actualPort());
  }

  @Override
  public long liveHeapBytes() {
    throw new UnsupportedOperationException("an in-process relay has no heap of its own");
  }

  @Override
  public long residentBytes() {
    throw new UnsupportedOperationException("an in-process relay has no process of its own");
  }

  /** This JVM's CPU, generator included: an in-process relay has no process of its own. */
  @Override
  public double cpuSeconds() {
    return ProcessCpu.seconds(ProcessHandle.current().pid(), 100);
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
