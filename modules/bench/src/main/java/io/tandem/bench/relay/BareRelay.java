package io.tandem.bench.relay;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The bench's upper bound: a Vert.x WebSocket relay that does no protocol work. A tracker
 * connects to {@code /tracker/<room>}, agents to {@code /agent/<room>}; a joining agent makes it
 * send "start" to the tracker, and every frame the tracker sends is forwarded to the room's agents
 * as it came, bytes untouched (no decoding, no validation, no sequencing, no buffer, no auth).
 * Whatever Tandem costs above this is the cost of its protocol.
 */
public final class BareRelay extends VerticleBase {
  private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private final Map<String, Room> rooms;
  private final int port;

  private static final class Room {
    volatile ServerWebSocket tracker;
    final List<ServerWebSocket> agents = new CopyOnWriteArrayList<>();
  }

  private BareRelay(Map<String, Room> rooms, int port) {
    this.rooms = rooms;
    this.port = port;
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Map<String, Room> rooms = new ConcurrentHashMap<>();
    Vertx vertx = Vertx.vertx();
    // One instance per event loop, as Tandem deploys its gateway.
    vertx.deployVerticle(() -> new BareRelay(rooms, port), new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
        .onSuccess(id -> System.out.println("bare relay listening on http://127.0.0.1:" + port))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port)
        .setMaxWebSocketFrameSize(MAX_MESSAGE_BYTES).setMaxWebSocketMessageSize(MAX_MESSAGE_BYTES);
    return vertx.createHttpServer(options)
        .webSocketHandler(this::onSocket)
        .requestHandler(request -> request.response().setStatusCode("/health".equals(request.path()) ? 200 : 404).end())
        .listen();
  }

  private void onSocket(ServerWebSocket ws) {
    String[] parts = ws.path().split("/");
    if (parts.length != 3) {
      ws.close((short) 1008, "connect to /tracker/<room> or /agent/<room>");
      return;
    }
    String roomId = parts[2];
    Room room = rooms.computeIfAbsent(roomId, id -> new Room());
    if ("tracker".equals(parts[1])) {
      room.tracker = ws;
      ws.frameHandler(frame -> forward(room, frame));
      ws.closeHandler(v -> {
        room.tracker = null;
        rooms.remove(roomId, room);
      });
      if (!room.agents.isEmpty()) {
        ws.writeTextMessage("start");
      }
    } else {
      room.agents.add(ws);
      ws.closeHandler(v -> room.agents.remove(ws));
      ServerWebSocket tracker = room.tracker;
      if (tracker != null) {
        tracker.writeTextMessage("start");
      }
    }
  }

  private static void forward(Room room, WebSocketFrame frame) {
    if (!frame.isText() && !frame.isBinary() && !frame.isContinuation()) {
      return;
    }
    byte[] bytes = frame.binaryData().getBytes();
    for (ServerWebSocket agent : room.agents) {
      agent.writeFrame(new WebSocketFrameImpl(frame.type(), bytes, frame.isFinal()));
    }
  }
}
