package io.tandem.server.gateway;

import io.tandem.protocol.Limits;
import io.tandem.server.audit.AuditTrail;

/**
 * What the node's gateway instances share to hold tracker sockets to node-wide limits: the caps
 * per project and per address, and the audit of refusals. Created once per node.
 */
public final class TrackerGuard {
  final SocketCaps caps;
  final RefusalAudit audit;

  public TrackerGuard(Limits limits, AuditTrail trail) {
    this.caps = new SocketCaps(limits.maxTrackerSocketsPerProject(), limits.maxTrackerSocketsPerAddress());
    this.audit = new RefusalAudit(limits.maxRefusalAuditRowsPerMinute(),
        (sessionId, details) -> trail.record(RefusalAudit.KIND, null, sessionId, "refused", details), System.currentTimeMillis());
  }
}
