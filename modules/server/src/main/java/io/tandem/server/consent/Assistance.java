package io.tandem.server.consent;

import io.tandem.protocol.AgentRequest;
import io.tandem.protocol.ConsentAnswer;
import io.tandem.protocol.ConsentKind;
import io.tandem.protocol.ConsentRequest;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.FrameType;
import io.tandem.protocol.RemoteCommand;
import io.tandem.protocol.ServerFrames;
import io.tandem.protocol.Signal;
import io.tandem.protocol.TrackerRequest;
import io.tandem.server.peer.AgentPeer;
import io.tandem.server.peer.TrackerPeer;
import io.tandem.server.signaling.SignalRelay;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.function.Function;

/**
 * What agents may do on the user's side of one room, and only with the user's live consent:
 * remote control, annotations and calls. Every consent-gated frame passes through here; one
 * without a live grant behind it is dropped, audited and answered with {@code CONSENT_REQUIRED}.
 * Confined to the room's context.
 */
public final class Assistance {
  private final RoomMembers members;
  private final ConsentAudit audit;
  private final Consents consents;
  private final SignalRelay relay;

  public Assistance(Vertx vertx, RoomMembers members, ConsentAudit audit, ConsentRules rules, Function<String, String> iceServers) {
    this.members = members;
    this.audit = audit;
    this.consents = new Consents(vertx, members, audit, rules, iceServers);
    this.relay = new SignalRelay(members, consents);
  }

  /** A consent, control, annotate or signal frame of an agent that is in this room. */
  public void fromAgent(AgentPeer agent, AgentRequest request) {
    if (request instanceof ConsentRequest consent) {
      consents.fromAgent(agent, consent);
    } else if (request instanceof RemoteCommand command) {
      command(agent, command);
    } else if (request instanceof Signal signal) {
      relay.fromAgent(agent.agent().id(), signal)
          .ifPresent(refusal -> refuse(agent, ConsentKind.CALL, FrameType.SIGNAL, refusal.code(), refusal.message()));
    }
  }

  /** A consent answer or signal of the user's tab {@code tabId}. */
  public void fromTracker(TrackerPeer tab, String tabId, TrackerRequest request) {
    if (request instanceof ConsentAnswer answer) {
      consents.fromTracker(tab, tabId, answer);
    } else if (request instanceof Signal signal) {
      relay.fromUser(tabId, signal).ifPresent(refusal -> {
        audit.refused(members.roomId(), signal.to(), ConsentKind.CALL, FrameType.SIGNAL.wireName(), refusal.message());
        tab.fail(refusal.code(), refusal.message(), null);
      });
    }
  }

  public boolean holds(String agentId, ConsentKind kind) {
    return consents.live(agentId, kind);
  }

  public void agentLeft(String agentId) {
    consents.agentLeft(agentId);
  }

  public void agentJoined(AgentPeer agent) {
    consents.agentJoined(agent);
  }

  public void tabConnected(String tabId, TrackerPeer tab) {
    consents.tabConnected(tabId, tab);
  }

  public void tabDisconnected(String tabId) {
    consents.tabDisconnected(tabId);
  }

  /** The room is over: every consent ends. */
  public void close() {
    consents.close();
  }

  /**
   * Annotating is allowed by its own grant or by the control grant, which includes it. A grant
   * belongs to the tab whose user accepted it: the user said yes to what they saw there, so a
   * command for another tab of the session needs its own yes.
   */
  private void command(AgentPeer agent, RemoteCommand command) {
    String agentId = agent.agent().id();
    boolean allowed = consents.liveIn(agentId, ConsentKind.CONTROL, command.tab())
        || (command.type() == FrameType.ANNOTATE && consents.liveIn(agentId, ConsentKind.ANNOTATE, command.tab()));
    ConsentKind needed = command.type() == FrameType.ANNOTATE ? ConsentKind.ANNOTATE : ConsentKind.CONTROL;
    if (!allowed) {
      refuse(agent, needed, command.type(), ErrorCode.CONSENT_REQUIRED, "'" + command.type().wireName() + "' on tab '" + command.tab()
          + "' needs a live '" + needed.wireName() + "' grant accepted in that tab" + (needed == ConsentKind.ANNOTATE ? " (or a 'control' grant)" : "")
          + "; request one with 'consent'");
      return;
    }
    Optional<TrackerPeer> tab = members.connectedTab(command.tab());
    if (tab.isEmpty()) {
      refuse(agent, needed, command.type(), ErrorCode.TAB_NOT_CONNECTED,
          "tab '" + command.tab() + "' is not connected; '" + command.type().wireName() + "' goes to a connected tab of the session");
      return;
    }
    tab.get().send(command.type(), Consents.text(ServerFrames.commandToTracker(command, agent.agent().info())));
  }

  private void refuse(AgentPeer agent, ConsentKind kind, FrameType type, ErrorCode code, String message) {
    audit.refused(members.roomId(), agent.agent().id(), kind, type.wireName(), message);
    agent.fail(code, message, members.roomId());
  }
}
