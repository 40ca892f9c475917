package io.tandem.server.room;

import io.tandem.server.audit.AuditTrail;
import io.tandem.server.consent.ConsentAudit;
import io.tandem.server.timetravel.NodeBudget;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * What every shard of a node shares, so that node-wide limits hold exactly however the rooms are
 * spread: the room count and the history budget are reserved before anything is admitted and
 * released when it goes; the session list is one map the agent side reads. Every part is
 * thread-safe; nothing else of a shard is read from another thread.
 *
 * @param exits where every end of a room for an agent is audited and counted
 * @param iceServers the ICE servers (raw JSON array) handed to a call participant with its grant
 * @param clustered whether other nodes may own rooms (a draining shard waits for them to claim its rooms)
 */
record NodeWide(RoomCount rooms, RoomMetrics metrics, NodeBudget history, LiveSessions sessions, AuditTrail audit, RoomExits exits,
    ConsentAudit consentAudit, Function<String, String> iceServers, BooleanSupplier clustered) {}
