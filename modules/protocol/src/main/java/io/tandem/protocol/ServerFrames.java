package io.tandem.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Encodes the frames the server sends. Page data is spliced in as raw bytes, never re-encoded. */
public final class ServerFrames {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final byte[] START = frame(FrameType.START).getBytes(StandardCharsets.UTF_8);
  private static final byte[] STOP = frame(FrameType.STOP).getBytes(StandardCharsets.UTF_8);
  private static final byte[] HEARTBEAT = frame(FrameType.HEARTBEAT).getBytes(StandardCharsets.UTF_8);
  private static final byte[] ACK_PREFIX = ascii("{\"" + FrameCodec.TYPE_FIELD + "\":\"" + FrameType.ACK.wireName() + "\",\"seq\":");
  private static final byte[] SNAPSHOT_PAYLOAD = ascii(",\"snapshot\":true,\"" + FrameCodec.PAYLOAD_FIELD + "\":");
  private static final byte[] INCREMENT_PAYLOAD = ascii(",\"snapshot\":false,\"" + FrameCodec.PAYLOAD_FIELD + "\":");

  private ServerFrames() {}

  /** The project's privacy settings, for the tracker to apply in the page. */
  public record TrackerPrivacy(int preJoinBufferSeconds, boolean maskAllInputs) {}

  /**
   * How often a quiet tracker says it is there, and how long it waits for an answer (an {@code ack}
   * or a {@code heartbeat}) before it takes its socket for dead and connects again (0: never).
   */
  public record TrackerTimings(long heartbeatMs, long replyTimeoutMs) {}

  public static byte[] trackerWelcome(
      String sessionId, String tabId, boolean streaming, long ackedSeq, TrackerTimings timings, Limits limits, TrackerPrivacy privacy) {
    ObjectNode node = header(FrameType.WELCOME);
    node.put("sessionId", sessionId).put("tabId", tabId).put("streaming", streaming).put("ackedSeq", ackedSeq);
    node.put("heartbeatMs", timings.heartbeatMs()).put("replyTimeoutMs", timings.replyTimeoutMs());
    node.putObject("limits")
        .put("maxFrameBytes", limits.maxTrackerFrameBytes())
        .put("maxEventsPerSecond", limits.maxEventsPerSecond())
        .put("maxEventBytesPerSecond", limits.maxEventBytesPerSecond());
    node.putObject("privacy")
        .put("preJoinBufferSeconds", privacy.preJoinBufferSeconds())
        .put("maskAllInputs", privacy.maskAllInputs());
    return bytes(node);
  }

  public static byte[] start() {
    return START.clone();
  }

  public static byte[] stop() {
    return STOP.clone();
  }

  /** The answer to a tracker's or a console's {@code heartbeat}: the node and the way to it are alive. */
  public static byte[] heartbeat() {
    return HEARTBEAT.clone();
  }

  public static byte[] ack(long seq) {
    byte[] digits = ascii(Long.toString(seq));
    byte[] frame = Arrays.copyOf(ACK_PREFIX, ACK_PREFIX.length + digits.length + 1);
    System.arraycopy(digits, 0, frame, ACK_PREFIX.length, digits.length);
    frame[frame.length - 1] = '}';
    return frame;
  }

  public static byte[] error(ErrorCode code, String message, String room) {
    ObjectNode node = header(FrameType.ERROR).put("code", code.name()).put("message", message);
    if (room != null) {
      node.put("room", room);
    }
    return bytes(node);
  }

  /** {@code replyTimeoutMs}: how long the console waits for an answer to its heartbeat (0: never). */
  public static byte[] agentWelcome(AgentInfo agent, List<String> roles, long replyTimeoutMs) {
    ObjectNode node = header(FrameType.WELCOME);
    ObjectNode agentNode = node.putObject("agent").put("id", agent.id()).put("name", agent.name());
    roles.forEach(agentNode.putArray("roles")::add);
    node.put("replyTimeoutMs", replyTimeoutMs);
    return bytes(node);
  }

  /** A {@code refresh} accepted: the socket now stands until {@code expiresAt} (epoch ms). */
  public static byte[] refreshed(long expiresAt) {
    return bytes(header(FrameType.REFRESHED).put("expiresAt", expiresAt));
  }

  /**
   * A support code for the tab that asked: valid until {@code expiresAt} (epoch ms), that is for
   * {@code expiresInMs} from now, which a page whose clock is off can count down by.
   */
  public static byte[] supportCode(String code, long expiresAt, long expiresInMs) {
    return bytes(header(FrameType.SUPPORT_CODE).put("code", code).put("expiresAt", expiresAt).put("expiresInMs", expiresInMs));
  }

  /** A redeemed support code: the session it names, for the console to join. */
  public static byte[] redeemed(SessionSummary session) {
    return roomFrame(FrameType.REDEEMED, session);
  }

  /**
   * A whole list window, answering the {@code list} whose {@code id} it echoes (and sent again when the
   * agent's projects change): {@code total} sessions match, {@code window} is the page at {@code offset}.
   */
  public static byte[] listWindow(long id, int total, int offset, List<SessionSummary> window) {
    ObjectNode node = header(FrameType.LIST_CHANGED).put("id", id).put("total", total).put("offset", offset);
    ArrayNode entries = node.putArray("window");
    window.forEach(session -> entries.add(listEntry(session)));
    return bytes(node);
  }

  /**
   * What changed in a window since the last push: sessions that came into it (whole), the fields that
   * changed of those still in it ({@code room} and the changed fields only), and the ids of those that
   * left it. Empty parts are left out, so a change outside the window costs only the new {@code total}.
   */
  public static byte[] listChanged(int total, List<SessionSummary> added, List<ObjectNode> changed, List<String> removed) {
    ObjectNode node = header(FrameType.LIST_CHANGED).put("total", total);
    if (!added.isEmpty()) {
      ArrayNode entries = node.putArray("added");
      added.forEach(session -> entries.add(listEntry(session)));
    }
    if (!changed.isEmpty()) {
      node.putArray("changed").addAll(changed);
    }
    if (!removed.isEmpty()) {
      removed.forEach(node.putArray("removed")::add);
    }
    return bytes(node);
  }

  /** A session as a list entry: a Session without its empty parts (no or an empty user id, no metadata, no agents). */
  private static ObjectNode listEntry(SessionSummary session) {
    ObjectNode entry = MAPPER.valueToTree(session);
    entry.remove(entry.properties().stream()
        .filter(field -> field.getValue().isNull() || (field.getValue().isContainerNode() && field.getValue().isEmpty())
            || (field.getValue().isTextual() && field.getValue().textValue().isEmpty()))
        .map(Map.Entry::getKey).toList());
    return entry;
  }

  /**
   * The fields of {@code now} that differ from {@code before} (the same session), with {@code room}: an
   * entry's delta. A field that became empty is sent empty, so it replaces the old value.
   */
  public static ObjectNode listEntryDelta(SessionSummary before, SessionSummary now) {
    ObjectNode old = MAPPER.valueToTree(before);
    ObjectNode current = MAPPER.valueToTree(now);
    ObjectNode delta = MAPPER.createObjectNode().put("room", now.room());
    current.properties().stream().filter(field -> !field.getValue().equals(old.get(field.getKey())))
        .forEach(field -> delta.set(field.getKey(), field.getValue()));
    return delta;
  }

  public static byte[] joined(SessionSummary session) {
    return roomFrame(FrameType.JOINED, session);
  }

  public static byte[] room(SessionSummary session) {
    return roomFrame(FrameType.ROOM, session);
  }

  public static byte[] left(String room) {
    return bytes(header(FrameType.LEFT).put("room", room));
  }

  public static byte[] ended(String room, EndReason reason) {
    return bytes(header(FrameType.ENDED).put("room", room).put("reason", reason.wireName()));
  }

  /**
   * The fixed start of every agent {@code events} frame of one tab, up to its {@code seq} value:
   * built once per tab, so a batch's frame is this, the seq's digits, the snapshot flag and the
   * tracker's payload bytes, copied once and written by Jackson never.
   */
  public static byte[] eventsHeader(String room, String tab) {
    byte[] full = bytes(header(FrameType.EVENTS).put("room", room).put("tab", tab).put("seq", 0));
    // the tree ends in "seq":0} : keep everything before the 0
    return Arrays.copyOf(full, full.length - 2);
  }

  /** An {@code events} frame for agents: the tab's {@link #eventsHeader}, then the tracker's payload bytes unchanged. */
  public static byte[] events(byte[] eventsHeader, EventBatch batch) {
    byte[] seq = ascii(Long.toString(batch.seq()));
    byte[] flag = batch.snapshot() ? SNAPSHOT_PAYLOAD : INCREMENT_PAYLOAD;
    Payload payload = batch.payload();
    byte[] frame = new byte[eventsHeader.length + seq.length + flag.length + payload.length() + 1];
    int at = put(frame, 0, eventsHeader);
    at = put(frame, at, seq);
    at = put(frame, at, flag);
    System.arraycopy(payload.source(), payload.offset(), frame, at, payload.length());
    frame[frame.length - 1] = '}';
    return frame;
  }

  /**
   * A {@code history} frame: a joining agent's share of one tab's buffer, the buffered {@code events}
   * frames as they are (no byte of them decoded or rewritten), so the buffer reaches the agent in
   * a few large writes instead of one message per batch.
   */
  public static byte[] history(String room, String tab, List<byte[]> eventsFrames) {
    byte[] empty = bytes(header(FrameType.HISTORY).put("room", room).put("tab", tab).set(HistoryFrame.BATCHES_FIELD, MAPPER.createArrayNode()));
    // the tree ends in "batches":[]} : keep everything up to the [
    int headerLength = empty.length - 2;
    int size = headerLength + 2 + Math.max(0, eventsFrames.size() - 1);
    for (byte[] frame : eventsFrames) {
      size += frame.length;
    }
    byte[] frame = new byte[size];
    System.arraycopy(empty, 0, frame, 0, headerLength);
    int at = headerLength;
    for (int i = 0; i < eventsFrames.size(); i++) {
      if (i > 0) {
        frame[at++] = ',';
      }
      at = put(frame, at, eventsFrames.get(i));
    }
    frame[at++] = ']';
    frame[at] = '}';
    return frame;
  }

  /**
   * A consent state change for agents: {@code agent} holds the grant, {@code by} is who changed it
   * ({@code user}, {@code agent} or {@code server}); {@code iceServers} (raw JSON, may be null)
   * comes with a granted call.
   */
  public static byte[] consentToAgent(String room, ConsentKind kind, String state, String by, String agent, String tab, String iceServers) {
    ObjectNode node = header(FrameType.CONSENT).put("room", room).put("kind", kind.wireName()).put("state", state);
    node.put("by", by).put("agent", agent);
    if (tab != null) {
      node.put("tab", tab);
    }
    putRaw(node, "iceServers", iceServers);
    return bytes(node);
  }

  /**
   * A consent change for the user's tabs: {@code request}, {@code granted}, {@code declined} or
   * {@code end}; {@code tab}, when granted, is the tab that accepted (a call runs there only).
   */
  public static byte[] consentToTracker(AgentInfo agent, ConsentKind kind, String action, String tab, String iceServers) {
    ObjectNode node = header(FrameType.CONSENT).put("agent", agent.id()).put("agentName", agent.name());
    node.put("kind", kind.wireName()).put("action", action);
    if (tab != null) {
      node.put("tab", tab);
    }
    putRaw(node, "iceServers", iceServers);
    return bytes(node);
  }

  /** A {@code control} or {@code annotate} frame for the tab, with who sent it and without the room. */
  public static byte[] commandToTracker(RemoteCommand command, AgentInfo agent) {
    ObjectNode node = header(command.type()).put("agent", agent.id()).put("agentName", agent.name());
    node.setAll(command.body());
    return bytes(node);
  }

  public static byte[] signalToAgent(String room, String from, ObjectNode data) {
    ObjectNode node = header(FrameType.SIGNAL).put("room", room).put("from", from);
    node.set("data", data);
    return bytes(node);
  }

  public static byte[] signalToTracker(String from, ObjectNode data) {
    ObjectNode node = header(FrameType.SIGNAL).put("from", from);
    node.set("data", data);
    return bytes(node);
  }

  private static void putRaw(ObjectNode node, String field, String json) {
    if (json != null) {
      try {
        node.set(field, MAPPER.readTree(json));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("'" + field + "' is not JSON", e);
      }
    }
  }

  private static byte[] roomFrame(FrameType type, SessionSummary session) {
    ObjectNode node = header(type).put("room", session.room());
    node.set("session", MAPPER.valueToTree(session));
    return bytes(node);
  }

  private static int put(byte[] frame, int at, byte[] part) {
    System.arraycopy(part, 0, frame, at, part.length);
    return at + part.length;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static String frame(FrameType type) {
    return header(type).toString();
  }

  private static ObjectNode header(FrameType type) {
    return MAPPER.createObjectNode().put(FrameCodec.TYPE_FIELD, type.wireName());
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a frame tree always serialises", e);
    }
  }
}
