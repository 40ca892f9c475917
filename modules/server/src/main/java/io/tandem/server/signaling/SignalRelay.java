package io.tandem.server.signaling;

import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.FrameType;
import io.tandem.protocol.ServerFrames;
import io.tandem.protocol.Signal;
import io.tandem.server.consent.RoomMembers;
import io.tandem.server.peer.AgentPeer;
import io.tandem.server.peer.TrackerPeer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Carries WebRTC signalling inside one room, between participants of its call only: the user (in
 * the tab that accepted) and the agents holding a live call grant. A signal that may not pass is
 * not delivered; the caller hears why and audits it.
 *
 * <p>The one exception is the canvas channel ({@code data.channel = "canvas"}, {@code data.tab}):
 * a page's canvases streamed to an agent who already watches that page, which needs no more consent
 * than watching does.
 */
public final class SignalRelay {
  /** Why a signal was not delivered. */
  public record Refusal(ErrorCode code, String message) {}

  private final RoomMembers members;
  private final CallGrants calls;

  public SignalRelay(RoomMembers members, CallGrants calls) {
    this.members = members;
    this.calls = calls;
  }

  public Optional<Refusal> fromAgent(String agentId, Signal signal) {
    if (canvas(signal) && Signal.USER.equals(signal.to())) {
      String canvasTab = signal.data().path("tab").asText("");
      Optional<TrackerPeer> peer = members.connectedTab(canvasTab);
      if (peer.isEmpty()) {
        return refusal(ErrorCode.TAB_NOT_CONNECTED, "tab '" + canvasTab + "' of the canvas signal is not connected");
      }
      peer.get().send(FrameType.SIGNAL, text(ServerFrames.signalToTracker(agentId, signal.data())));
      return Optional.empty();
    }
    Optional<String> tab = calls.callTab(agentId);
    if (tab.isEmpty()) {
      return refusal(ErrorCode.CONSENT_REQUIRED, "signalling needs your live 'call' grant; request one with 'consent'");
    }
    if (Signal.USER.equals(signal.to())) {
      Optional<TrackerPeer> peer = members.connectedTab(tab.get());
      if (peer.isEmpty()) {
        return refusal(ErrorCode.TAB_NOT_CONNECTED, "the user's call tab '" + tab.get() + "' is not connected");
      }
      peer.get().send(FrameType.SIGNAL, text(ServerFrames.signalToTracker(agentId, signal.data())));
      return Optional.empty();
    }
    if (calls.callTab(signal.to()).isEmpty()) {
      return refusal(ErrorCode.CONSENT_REQUIRED, "agent '" + signal.to() + "' holds no live 'call' grant in this session");
    }
    toAgent(signal.to(), agentId, signal);
    return Optional.empty();
  }

  /** A signal of the user's tab {@code tabId}: for a call, only the tab that accepted it may signal. */
  public Optional<Refusal> fromUser(String tabId, Signal signal) {
    if (canvas(signal) && !members.consoles(signal.to()).isEmpty()) {
      toAgent(signal.to(), Signal.USER, signal);
      return Optional.empty();
    }
    Optional<String> callTab = calls.callTab(signal.to());
    if (callTab.isEmpty()) {
      return refusal(ErrorCode.CONSENT_REQUIRED, "agent '" + signal.to() + "' holds no live 'call' grant in this session");
    }
    if (!callTab.get().equals(tabId)) {
      return refusal(ErrorCode.CONSENT_REQUIRED,
          "the call with agent '" + signal.to() + "' runs in tab '" + callTab.get() + "', which accepted it; this tab may not signal for it");
    }
    toAgent(signal.to(), Signal.USER, signal);
    return Optional.empty();
  }

  private void toAgent(String agentId, String from, Signal signal) {
    String frame = text(ServerFrames.signalToAgent(members.roomId(), from, signal.data()));
    for (AgentPeer agent : members.consoles(agentId)) {
      agent.send(FrameType.SIGNAL, frame);
    }
  }

  private static boolean canvas(Signal signal) {
    return "canvas".equals(signal.data().path("channel").asText(""));
  }

  private static Optional<Refusal> refusal(ErrorCode code, String message) {
    return Optional.of(new Refusal(code, message));
  }

  private static String text(byte[] frame) {
    return new String(frame, StandardCharsets.UTF_8);
  }
}
