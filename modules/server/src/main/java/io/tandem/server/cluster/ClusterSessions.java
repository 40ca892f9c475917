package io.tandem.server.cluster;

import io.tandem.protocol.SessionSummary;
import io.tandem.server.room.Rooms;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster-wide session list: each node publishes its own sessions when they change (at most
 * once per {@code rooms.listPushMs}), when a node joins, and every {@code cluster.sessionsRefreshMs};
 * each node keeps the latest list of every other node and forgets it when that node leaves, or
 * when it has not heard from it for three refresh periods (a list that overtook the node's leave).
 * The agent side's context only.
 */
final class ClusterSessions {
  private final Vertx vertx;
  private final String self;
  private final Rooms rooms;
  private final long throttleMs;
  private long refreshMs;
  private final Map<String, Published> others = new HashMap<>();
  private boolean publishScheduled;

  ClusterSessions(Vertx vertx, String self, Rooms rooms, long throttleMs) {
    this.vertx = vertx;
    this.self = self;
    this.rooms = rooms;
    this.throttleMs = throttleMs;
  }

  private record Published(long receivedAt, List<SessionSummary> sessions) {}

  Future<Void> start(long refreshMs) {
    this.refreshMs = refreshMs;
    MessageConsumer<String> consumer = vertx.eventBus().consumer(NodeMessages.SESSIONS_ADDRESS, this::received);
    vertx.setPeriodic(refreshMs, id -> changed());
    return consumer.completion();
  }

  void changed() {
    if (!publishScheduled) {
      publishScheduled = true;
      vertx.setTimer(throttleMs, id -> {
        publishScheduled = false;
        rooms.sessions().onSuccess(sessions -> vertx.eventBus().publish(
            NodeMessages.SESSIONS_ADDRESS, Json.encode(sessions), new DeliveryOptions().addHeader(NodeMessages.NODE, self)));
      });
    }
  }

  void nodeLeft(String node) {
    if (others.remove(node) != null) {
      rooms.otherSessionsChanged();
    }
  }

  List<SessionSummary> sessions() {
    long oldest = System.currentTimeMillis() - 3 * refreshMs;
    return others.values().stream().filter(p -> p.receivedAt() >= oldest).flatMap(p -> p.sessions().stream()).toList();
  }

  private void received(Message<String> message) {
    String node = message.headers().get(NodeMessages.NODE);
    if (node == null || node.equals(self)) {
      return;
    }
    others.put(node, new Published(System.currentTimeMillis(),
        new JsonArray(message.body()).stream().map(o -> ((JsonObject) o).mapTo(SessionSummary.class)).toList()));
    rooms.otherSessionsChanged();
  }
}
