package io.tandem.server.consent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.protocol.ConsentKind;
import io.tandem.server.audit.AuditTrail;
import io.vertx.core.json.JsonObject;

/**
 * Writes down every consent transition and every refused frame: an audit entry ({@code consent.<kind>},
 * the agent, the session, the outcome, and who caused it) and a count in
 * {@code tandem_consent_total{kind,outcome}}.
 */
public final class ConsentAudit {
  static final String REFUSED = "refused";

  private final AuditTrail trail;
  private final MeterRegistry registry;

  /** Registers every count at zero, so a dashboard sees 0 rather than no data. */
  public ConsentAudit(AuditTrail trail, MeterRegistry registry) {
    this(registry, trail);
    for (ConsentKind kind : ConsentKind.values()) {
      for (ConsentState state : ConsentState.values()) {
        counter(kind, state.wireName());
      }
      counter(kind, REFUSED);
    }
  }

  private ConsentAudit(MeterRegistry registry, AuditTrail trail) {
    this.trail = trail;
    this.registry = registry;
  }

  /** The same counts, with rows stamped with the project of the room it audits. */
  public ConsentAudit forProject(String projectId) {
    return new ConsentAudit(registry, trail.forProject(projectId));
  }

  void changed(String room, ConsentGrant grant, String by) {
    JsonObject details = new JsonObject().put("by", by);
    if (grant.tab != null) {
      details.put("tab", grant.tab);
    }
    record(room, grant.agent.id(), grant.kind, grant.state.wireName(), details);
  }

  void refused(String room, String agentId, ConsentKind kind, String frameType, String reason) {
    record(room, agentId, kind, REFUSED, new JsonObject().put("frame", frameType).put("reason", reason));
  }

  private void record(String room, String agentId, ConsentKind kind, String outcome, JsonObject details) {
    trail.record("consent." + kind.wireName(), agentId, room, outcome, details);
    counter(kind, outcome).increment();
  }

  private Counter counter(ConsentKind kind, String outcome) {
    return Counter.builder("tandem.consent").tag("kind", kind.wireName()).tag("outcome", outcome)
        .description("consent transitions, and frames refused for want of a live grant").register(registry);
  }
}
