package io.tandem.server.room;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.server.audit.AuditTrail;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where a room's end for an agent is told: an audit row ({@link RoomExit#kind}, the reason as its
 * outcome) and {@code tandem_room_exits_total{reason}}. Every reason's series exists from the start,
 * so a dashboard's query finds it at 0. Thread-safe.
 */
public final class RoomExits {
  private final AuditTrail audit;
  private final Map<RoomExit, Counter> counters = new EnumMap<>(RoomExit.class);

  public RoomExits(AuditTrail audit, MeterRegistry registry) {
    this.audit = audit;
    for (RoomExit exit : RoomExit.values()) {
      counters.put(exit, Counter.builder("tandem.room.exits").tag("reason", exit.reason())
          .description("rooms that ended for an agent (one per agent), by reason").register(registry));
    }
  }

  /** {@code projectId} is null where the room's project is not known (the agent's node). */
  public void record(String projectId, String agentId, String sessionId, RoomExit exit) {
    counters.get(exit).increment();
    AuditTrail trail = projectId == null ? audit : audit.forProject(projectId);
    trail.record(exit.kind, agentId, sessionId, exit.reason(), new JsonObject().put("reason", exit.reason()));
  }
}
