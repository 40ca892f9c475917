package io.tandem.server.room;

import io.tandem.protocol.AgentInfo;
import io.tandem.protocol.EventBatch;
import io.tandem.protocol.FrameType;
import io.tandem.protocol.ServerFrames;
import io.tandem.protocol.SessionSummary;
import io.tandem.server.auth.Project;
import io.tandem.server.consent.Assistance;
import io.tandem.server.consent.RoomMembers;
import io.tandem.server.peer.AgentPeer;
import io.tandem.server.peer.TrackerPeer;
import io.tandem.server.timetravel.BufferedBatch;
import io.tandem.server.timetravel.HistoryBudget;
import io.tandem.server.timetravel.TabHistory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One user's browser session and the agents watching it. Confined to its shard's context.
 *
 * <p>Each agent's stream of a tab starts at a full snapshot: an agent is <em>synced</em> to a tab
 * once it has been sent a snapshot of it, and only then gets that tab's incremental batches.
 */
final class Room implements RoomMembers {
  /**
   * A joining agent gets each tab's buffer in history frames of about this size: a few large writes
   * (one message per batch cost the socket a write and the console a task each), none so large that
   * one tab's minutes of history stall the console's socket behind a single message.
   */
  private static final int HISTORY_FRAME_BYTES = 1 << 20;

  final String id;
  /** The hash of the session's secret: a tab's hello must match it to attach. */
  final SessionProof proof;
  final Project project;
  final long startedAt;
  final long epoch;
  private final String userId;
  private final Map<String, String> metadata;
  private final Map<String, Tab> tabs = new LinkedHashMap<>();
  private final Map<AgentPeer, Membership> agents = new LinkedHashMap<>();
  private final List<TabHistory> histories = new ArrayList<>();
  private final RoomMetrics metrics;
  private final HistoryBudget budget;
  private final PendingAcks acks;
  final Assistance assistance;
  private boolean everWatched;
  /** Until when agents whose sockets or nodes were lost (not who left) may come back; -1 if none may. */
  private long agentsMayReturnUntil = -1;

  private record Membership(AgentInfo info, Set<String> syncedTabs) {}

  Room(String id, SessionProof proof, Project project, String userId, Map<String, String> metadata, long startedAt, long epoch,
      RoomMetrics metrics, HistoryBudget budget, PendingAcks acks, Function<RoomMembers, Assistance> assistance) {
    this.metrics = metrics;
    this.budget = budget;
    this.acks = acks;
    this.id = id;
    this.proof = proof;
    this.project = project;
    this.userId = userId;
    this.metadata = metadata;
    this.startedAt = startedAt;
    this.epoch = epoch;
    this.assistance = assistance.apply(this);
  }

  Optional<Tab> tab(String tabId) {
    return Optional.ofNullable(tabs.get(tabId));
  }

  Collection<Tab> tabs() {
    return tabs.values();
  }

  void addTab(Tab tab) {
    tabs.put(tab.id, tab);
    histories.add(tab.history);
    budget.track(tab.history);
  }

  void removeTab(Tab tab) {
    budget.forget(tab.history, true);
    tabs.remove(tab.id);
    histories.remove(tab.history);
    agents.values().forEach(m -> m.syncedTabs().remove(tab.id));
  }

  /** An agent joined at some point: the session had a history and agents that may follow it. */
  boolean everWatched() {
    return everWatched;
  }

  void agentsMayReturnUntil(long epochMillis) {
    agentsMayReturnUntil = Math.max(agentsMayReturnUntil, epochMillis);
  }

  long agentsMayReturnUntil() {
    return agentsMayReturnUntil;
  }

  boolean hasAgents() {
    return !agents.isEmpty();
  }

  int agentCount() {
    return agents.size();
  }

  boolean contains(AgentPeer agent) {
    return agents.containsKey(agent);
  }

  @Override
  public String roomId() {
    return id;
  }

  @Override
  public List<AgentPeer> consoles(String agentId) {
    return agents.keySet().stream().filter(agent -> agent.agent().id().equals(agentId)).toList();
  }

  @Override
  public List<AgentPeer> agents() {
    return List.copyOf(agents.keySet());
  }

  @Override
  public Optional<TrackerPeer> connectedTab(String tabId) {
    return tab(tabId).map(tab -> tab.peer);
  }

  @Override
  public Map<String, TrackerPeer> connectedTabs() {
    Map<String, TrackerPeer> connected = new LinkedHashMap<>();
    tabs.values().stream().filter(Tab::connected).forEach(tab -> connected.put(tab.id, tab.peer));
    return connected;
  }

  Set<AgentPeer> agentPeers() {
    return agents.keySet();
  }

  /**
   * Adds the agent and sends it every tab's history after what it already has ({@code since}, the
   * last seq per tab), so it can rewind at once and starts in sync with every tab whose history
   * reaches the live stream.
   */
  void addAgent(AgentPeer agent, Map<String, Long> since) {
    Membership membership = new Membership(agent.agent().info(), new HashSet<>());
    agents.put(agent, membership);
    everWatched = true;
    sendHistory(agent, since, membership);
  }

  /**
   * A member that missed frames (its node fell behind) gets what each tab sent after {@code since}.
   * Where that history stops short of the live stream (it reached a cap meanwhile), the member is
   * out of sync with the tab until its next snapshot, as a newcomer would be: the live batches that
   * follow would come after a hole.
   */
  void catchUp(AgentPeer agent, Map<String, Long> since) {
    sendHistory(agent, since, agents.get(agent));
  }

  private void sendHistory(AgentPeer agent, Map<String, Long> since, Membership membership) {
    for (Tab tab : tabs.values()) {
      tab.history.runs(HISTORY_FRAME_BYTES, since.getOrDefault(tab.id, 0L)).forEach(run -> agent.send(FrameType.HISTORY, ServerFrames.history(id, tab.id, run)));
      if (tab.history.whole()) {
        membership.syncedTabs().add(tab.id);
      } else if (membership.syncedTabs().remove(tab.id)) {
        requestSnapshot(tab);
      }
    }
  }

  void removeAgent(AgentPeer agent) {
    agents.remove(agent);
  }

  /**
   * Handles one batch of a tab: dedupe, resynchronise after a gap, buffer, relay, ack. The agents'
   * frame is built once and the same bytes go to every agent and into the history.
   */
  void acceptBatch(Tab tab, EventBatch batch, long receivedNanos) {
    if (batch.seq() <= tab.lastSeq) {
      metrics.duplicates.increment();
      acks.ack(tab);
      return;
    }
    if (batch.seq() != tab.lastSeq + 1 && !batch.snapshot()) {
      metrics.outOfSync.increment();
      losePlace(tab);
    }
    tab.lastSeq = batch.seq();
    acks.ack(tab);
    if (!hasAgents()) {
      return;
    }
    byte[] frame = ServerFrames.events(tab.eventsHeader(id), batch);
    if (batch.snapshot()) {
      tab.snapshotRequested = false;
    }
    if (!budget.record(tab.history, histories, new BufferedBatch(batch.seq(), frame), batch.snapshot(), System.currentTimeMillis())) {
      requestSnapshot(tab);
    }
    relay(tab, frame, batch.snapshot());
    metrics.delivered(receivedNanos);
  }

  private void relay(Tab tab, byte[] frame, boolean snapshot) {
    agents.forEach((agent, membership) -> {
      if (snapshot) {
        membership.syncedTabs().add(tab.id);
      }
      if (membership.syncedTabs().contains(tab.id)) {
        agent.send(FrameType.EVENTS, frame);
      }
    });
  }

  /** The stream of this tab is no longer whole: nobody is in sync until the next snapshot. */
  private void losePlace(Tab tab) {
    budget.forget(tab.history, false);
    agents.values().forEach(m -> m.syncedTabs().remove(tab.id));
    requestSnapshot(tab);
  }

  /** Asks the tab for a full snapshot, after the ack of everything the room holds of it. */
  void requestSnapshot(Tab tab) {
    if (tab.connected() && !tab.snapshotRequested) {
      tab.snapshotRequested = true;
      PendingAcks.sendNow(tab);
      tab.peer.send(FrameType.START, ServerFrames.start());
    }
  }

  /** Nobody watches any more: the trackers go idle and the buffers are let go. */
  void stopStreaming() {
    for (Tab tab : tabs.values()) {
      budget.forget(tab.history, false);
      tab.snapshotRequested = false;
      if (tab.connected()) {
        tab.peer.send(FrameType.STOP, ServerFrames.stop());
      }
    }
  }

  /** Forgets every tab's history: the room is over. */
  void close() {
    tabs.values().forEach(tab -> budget.forget(tab.history, true));
  }

  void toAgents(FrameType type, byte[] frame) {
    agents.keySet().forEach(agent -> agent.send(type, frame));
  }

  boolean anyTabConnected() {
    return tabs.values().stream().anyMatch(Tab::connected);
  }

  String state() {
    if (!anyTabConnected()) {
      return "disconnected";
    }
    return hasAgents() ? "streaming" : "idle";
  }

  SessionSummary summary() {
    List<SessionSummary.Tab> tabSummaries = tabs.values().stream().map(Tab::summary).toList();
    List<AgentInfo> agentInfos = agents.values().stream().map(Membership::info).toList();
    return new SessionSummary(id, project.id(), userId, metadata, startedAt, state(), tabSummaries, agentInfos);
  }
}
