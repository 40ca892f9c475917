package io.tandem.server.consent;

import io.tandem.protocol.AgentInfo;
import io.tandem.protocol.ConsentAnswer;
import io.tandem.protocol.ConsentKind;
import io.tandem.protocol.ConsentRequest;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.FrameType;
import io.tandem.protocol.ServerFrames;
import io.tandem.server.peer.AgentPeer;
import io.tandem.server.peer.TrackerPeer;
import io.tandem.server.signaling.CallGrants;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The consent state machine of one room, per agent and kind: none → requested → granted | declined
 * | expired (unanswered for {@code rooms.consentRequestTimeoutMs}); granted → ended, by the agent,
 * the user, or the server when either goes away. Only open (requested or granted) consents are
 * kept; every transition is audited and announced to the agent's consoles (every agent of the room
 * for a call) and to the user's tabs.
 */
final class Consents implements CallGrants {
  private static final String BY_USER = "user";
  private static final String BY_AGENT = "agent";
  private static final String BY_SERVER = "server";

  private final Vertx vertx;
  private final RoomMembers members;
  private final ConsentAudit audit;
  private final ConsentRules rules;
  private final Function<String, String> iceServers;
  private final Map<String, Map<ConsentKind, ConsentGrant>> open = new HashMap<>();

  Consents(Vertx vertx, RoomMembers members, ConsentAudit audit, ConsentRules rules, Function<String, String> iceServers) {
    this.vertx = vertx;
    this.members = members;
    this.audit = audit;
    this.rules = rules;
    this.iceServers = iceServers;
  }

  void fromAgent(AgentPeer agent, ConsentRequest request) {
    AgentInfo info = agent.agent().info();
    Optional<ConsentGrant> current = find(info.id(), request.kind());
    if (request.end()) {
      current.ifPresentOrElse(grant -> end(grant, BY_AGENT),
          () -> agent.fail(ErrorCode.NO_CONSENT_REQUEST, "you hold no '" + request.kind().wireName() + "' consent to end", room()));
    } else if (current.isPresent()) {
      agent.fail(ErrorCode.CONSENT_PENDING,
          "your '" + request.kind().wireName() + "' consent is already " + current.get().state.wireName(), room());
    } else if (request.kind() == ConsentKind.CALL && openCalls() >= rules.maxCallParticipants() - 1) {
      agent.fail(ErrorCode.CALL_FULL, "a call has at most " + rules.maxCallParticipants() + " participants, the user included", room());
    } else if (members.connectedTabs().isEmpty()) {
      agent.fail(ErrorCode.TAB_NOT_CONNECTED, "the user has no connected tab to ask", room());
    } else {
      ConsentGrant grant = new ConsentGrant(info, request.kind());
      open.computeIfAbsent(info.id(), id -> new EnumMap<>(ConsentKind.class)).put(request.kind(), grant);
      grant.expiry = vertx.setTimer(rules.requestTimeoutMs(), id -> expire(grant));
      changed(grant, BY_AGENT, "request");
    }
  }

  /**
   * A tab's answer. Only a tab that was shown the request may accept or decline it (every tab in a
   * room proved the session with its hello); any tab of the session may end a grant, since ending
   * never gives an agent anything.
   */
  void fromTracker(TrackerPeer tab, String tabId, ConsentAnswer answer) {
    Optional<ConsentGrant> current = find(answer.agent(), answer.kind());
    boolean answerable = switch (answer.action()) {
      case ACCEPT, DECLINE -> current.filter(grant -> grant.state == ConsentState.REQUESTED && grant.askedTabs.contains(tabId)).isPresent();
      case END -> current.isPresent();
    };
    if (!answerable) {
      tab.fail(ErrorCode.NO_CONSENT_REQUEST,
          "agent '" + answer.agent() + "' has no open '" + answer.kind().wireName() + "' request or grant here", null);
      return;
    }
    ConsentGrant grant = current.get();
    switch (answer.action()) {
      case ACCEPT -> {
        stopExpiry(grant);
        grant.state = ConsentState.GRANTED;
        grant.tab = tabId;
        changed(grant, BY_USER, "granted");
      }
      case DECLINE -> close(grant, ConsentState.DECLINED, BY_USER, "declined");
      case END -> end(grant, BY_USER);
    }
  }

  /** The agent's last console left the room: whatever it was allowed ends. */
  void agentLeft(String agentId) {
    if (members.consoles(agentId).isEmpty()) {
      grantsOf(agentId).forEach(grant -> end(grant, BY_SERVER));
    }
  }

  /** A call runs in the tab that accepted it, so it cannot outlive that tab's connection. */
  void tabDisconnected(String tabId) {
    all().stream()
        .filter(grant -> tabId.equals(grant.tab) && (grant.kind == ConsentKind.CALL || grant.kind == ConsentKind.RECORD))
        .forEach(grant -> end(grant, BY_SERVER));
  }

  /**
   * A tab that (re)connects is sent every open request and live grant, e.g. after a page visit; it
   * holds nothing else, so what ended while it was away is gone from it too.
   */
  void tabConnected(String tabId, TrackerPeer tab) {
    for (ConsentGrant grant : all()) {
      if (!grant.live()) {
        grant.askedTabs.add(tabId);
      }
      tab.send(FrameType.CONSENT, trackerFrame(grant, grant.live() ? "granted" : "request"));
    }
  }

  /** An agent that joins (again) hears what it would have heard inside: its own open consents, and every call. */
  void agentJoined(AgentPeer agent) {
    String self = agent.agent().id();
    all().stream()
        .filter(grant -> grant.kind == ConsentKind.CALL || grant.agent.id().equals(self))
        .forEach(grant -> agent.send(FrameType.CONSENT, agentFrame(grant, self)));
  }

  void close() {
    all().forEach(grant -> end(grant, BY_SERVER));
  }

  boolean live(String agentId, ConsentKind kind) {
    return find(agentId, kind).filter(ConsentGrant::live).isPresent();
  }

  /** A live grant of this kind accepted in tab {@code tabId}. */
  boolean liveIn(String agentId, ConsentKind kind, String tabId) {
    return find(agentId, kind).filter(grant -> grant.live() && tabId.equals(grant.tab)).isPresent();
  }

  @Override
  public Optional<String> callTab(String agentId) {
    return find(agentId, ConsentKind.CALL).filter(ConsentGrant::live).map(grant -> grant.tab);
  }

  private void end(ConsentGrant grant, String by) {
    close(grant, ConsentState.ENDED, by, "end");
  }

  /**
   * The user left the request unanswered: it goes from their screen, and the agent may ask again.
   * Every answer or end cancels the timer; the state check covers one that fired as it was cancelled.
   */
  private void expire(ConsentGrant grant) {
    grant.expiry = -1;
    if (grant.state == ConsentState.REQUESTED) {
      close(grant, ConsentState.EXPIRED, BY_SERVER, "end");
    }
  }

  private void stopExpiry(ConsentGrant grant) {
    if (grant.expiry >= 0) {
      vertx.cancelTimer(grant.expiry);
      grant.expiry = -1;
    }
  }

  private void close(ConsentGrant grant, ConsentState state, String by, String trackerAction) {
    stopExpiry(grant);
    grant.state = state;
    Map<ConsentKind, ConsentGrant> grants = open.get(grant.agent.id());
    grants.remove(grant.kind);
    if (grants.isEmpty()) {
      open.remove(grant.agent.id());
    }
    changed(grant, by, trackerAction);
  }

  private void changed(ConsentGrant grant, String by, String trackerAction) {
    grant.by = by;
    audit.changed(room(), grant, by);
    List<AgentPeer> told = grant.kind == ConsentKind.CALL ? members.agents() : members.consoles(grant.agent.id());
    for (AgentPeer agent : told) {
      agent.send(FrameType.CONSENT, agentFrame(grant, agent.agent().id()));
    }
    String frame = trackerFrame(grant, trackerAction);
    members.connectedTabs().forEach((tabId, tab) -> {
      if (grant.state == ConsentState.REQUESTED) {
        grant.askedTabs.add(tabId);
      }
      tab.send(FrameType.CONSENT, frame);
    });
  }

  private String agentFrame(ConsentGrant grant, String recipient) {
    String ice = grant.live() && recipient.equals(grant.agent.id()) ? ice(grant, recipient) : null;
    return text(ServerFrames.consentToAgent(room(), grant.kind, grant.state.wireName(), grant.by, grant.agent.id(), grant.live() ? grant.tab : null, ice));
  }

  private String trackerFrame(ConsentGrant grant, String action) {
    return text(ServerFrames.consentToTracker(grant.agent, grant.kind, action, grant.live() ? grant.tab : null, ice(grant, room())));
  }

  private String ice(ConsentGrant grant, String participant) {
    return grant.kind == ConsentKind.CALL && grant.state.open() ? iceServers.apply(participant) : null;
  }

  private long openCalls() {
    return all().stream().filter(grant -> grant.kind == ConsentKind.CALL).count();
  }

  private Optional<ConsentGrant> find(String agentId, ConsentKind kind) {
    return Optional.ofNullable(open.get(agentId)).map(grants -> grants.get(kind));
  }

  private List<ConsentGrant> grantsOf(String agentId) {
    return new ArrayList<>(open.getOrDefault(agentId, Map.of()).values());
  }

  private List<ConsentGrant> all() {
    return open.values().stream().flatMap(grants -> grants.values().stream()).toList();
  }

  private String room() {
    return members.roomId();
  }

  static String text(byte[] frame) {
    return new String(frame, StandardCharsets.UTF_8);
  }
}
