package io.tandem.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden frames (golden/frames.json, shared with the tracker's and the console's tests): a frame
 * to the server gets the error code the case names, read as the gateway reads it; every valid frame
 * is valid by the schema, every frame a client ignores is not; and the server builds each canonical
 * frame it sends exactly as the case shows it.
 */
class FrameCodecGoldenFramesTest {
  private static final JsonNode CASES = WireSchema.read("/golden/frames.json").get("cases");
  private static final Map<String, JsonSchema> SCHEMAS = Map.of(
      "trackerToServer", WireSchema.direction("trackerToServer"),
      "serverToTracker", WireSchema.direction("serverToTracker"),
      "agentToServer", WireSchema.direction("agentToServer"),
      "serverToAgent", WireSchema.direction("serverToAgent"));
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
      ? Double.compare(a.doubleValue(), b.doubleValue())
      : a.equals(b) ? 0 : 1;

  private final FrameCodec codec = new FrameCodec();
  private final Limits limits = Limits.defaults();

  @TestFactory
  Stream<DynamicTest> everyFrameToTheServerGetsItsCode() {
    return cases().filter(c -> c.direction().endsWith("ToServer"))
        .map(c -> DynamicTest.dynamicTest(c.direction() + ": " + c.name() + " → " + c.expect(), () -> {
          Endpoint endpoint = c.direction().equals("trackerToServer") ? Endpoint.TRACKER : Endpoint.AGENT;
          ProtocolException refused = catchThrowableOfType(ProtocolException.class, () -> read(endpoint, c.text()));
          assertThat(refused == null ? "valid" : refused.code().name()).as(refused == null ? "" : refused.getMessage()).isEqualTo(c.expect());
        }));
  }

  @TestFactory
  Stream<DynamicTest> theSchemaTakesExactlyTheValidFrames() {
    return cases().map(c -> DynamicTest.dynamicTest(c.direction() + ": " + c.name(), () -> {
      JsonNode frame = parse(c.text());
      Set<String> problems = frame == null ? Set.of("not JSON") : WireSchema.problems(SCHEMAS.get(c.direction()), frame);
      if (c.expect().equals("valid")) {
        assertThat(problems).as("a valid frame is valid by wire-protocol.schema.json").isEmpty();
      } else if (c.expect().equals("ignored")) {
        assertThat(problems).as("a frame a client ignores is invalid by wire-protocol.schema.json").isNotEmpty();
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> theServerBuildsEachCanonicalFrameItSends() {
    return cases().filter(c -> c.canonical() && c.direction().startsWith("server"))
        .map(c -> DynamicTest.dynamicTest(c.direction() + ": " + c.name(), () -> {
          JsonNode built = WireSchema.MAPPER.readTree(build(c.direction(), (ObjectNode) c.frame()));
          assertThat(built.equals(NUMBERS_BY_VALUE, c.frame())).as("built %s, the golden frame is %s", built, c.frame()).isTrue();
        }));
  }

  @Test
  void everyFrameTypeOfTheSchemaHasGoldenFramesInEachDirection() {
    JsonNode definitions = WireSchema.load().get("definitions");
    List<String> missing = new ArrayList<>();
    WireSchema.DIRECTIONS.forEach((direction, union) -> {
      for (JsonNode ref : definitions.get(union).get("oneOf")) {
        String type = WireSchema.frameType(definitions, ref);
        Set<String> expects = new TreeSet<>();
        cases().filter(c -> c.direction().equals(direction) && type.equals(c.frame().path("t").asText())).forEach(c -> expects.add(c.expect()));
        if (!expects.contains("valid")) {
          missing.add(direction + " '" + type + "': no valid golden frame");
        }
      }
    });

    assertThat(missing).isEmpty();
  }

  @Test
  void everyCaseExpectsAnOutcomeThereIs() {
    Set<String> outcomes = new TreeSet<>(List.of("valid", "ignored"));
    for (ErrorCode code : ErrorCode.values()) {
      outcomes.add(code.name());
    }

    cases().forEach(c -> assertThat(outcomes).as(c.name()).contains(c.expect()));
    cases().filter(c -> c.direction().startsWith("server")).forEach(c -> assertThat(c.expect()).as(c.name()).isIn("valid", "ignored"));
  }

  /** Decodes and reads a client's frame with the readers the gateway uses for its type. */
  private void read(Endpoint endpoint, String text) {
    Frame frame = codec.decode(text.getBytes(StandardCharsets.UTF_8), limits.maxFrameBytes(endpoint));
    if (!endpoint.accepts(frame.type())) {
      throw new ProtocolException(ErrorCode.WRONG_ENDPOINT, "'" + frame.type().wireName() + "' is not sent on " + endpoint.path());
    }
    if (endpoint == Endpoint.TRACKER) {
      switch (frame.type()) {
        case HELLO -> TrackerHello.from(frame, limits);
        case PAGE -> PageInfo.from(frame, limits);
        case EVENTS -> EventBatch.from(frame);
        case CONSENT, SIGNAL -> TrackerRequest.from(frame, limits);
        default -> { } // heartbeat and supportCode carry nothing to read
      }
    } else {
      switch (frame.type()) {
        case HELLO -> AgentHello.from(frame);
        case JOIN -> JoinRequest.from(frame, limits);
        case LEAVE -> RoomRequest.from(frame);
        case REFRESH -> AgentRefresh.from(frame);
        case REDEEM -> SupportCodeRedemption.from(frame);
        case LIST -> ListRequest.from(frame, limits);
        case HEARTBEAT -> { } // carries nothing to read
        default -> AgentRequest.from(frame, limits);
      }
    }
  }

  /** The server's own encoding of the frame a canonical case shows, from the case's fields. */
  private byte[] build(String direction, ObjectNode f) throws JsonProcessingException {
    boolean toTracker = direction.equals("serverToTracker");
    return switch (f.get("t").textValue()) {
      case "welcome" -> toTracker
          ? ServerFrames.trackerWelcome(f.get("sessionId").textValue(), f.get("tabId").textValue(), f.get("streaming").booleanValue(),
              f.get("ackedSeq").longValue(), new ServerFrames.TrackerTimings(f.get("heartbeatMs").longValue(), f.get("replyTimeoutMs").longValue()), limits,
              new ServerFrames.TrackerPrivacy(f.at("/privacy/preJoinBufferSeconds").intValue(), f.at("/privacy/maskAllInputs").booleanValue()))
          : ServerFrames.agentWelcome(new AgentInfo(f.at("/agent/id").textValue(), f.at("/agent/name").textValue()),
              strings(f.at("/agent/roles")), f.get("replyTimeoutMs").longValue());
      case "start" -> ServerFrames.start();
      case "stop" -> ServerFrames.stop();
      case "heartbeat" -> ServerFrames.heartbeat();
      case "ack" -> ServerFrames.ack(f.get("seq").longValue());
      case "supportCode" -> ServerFrames.supportCode(f.get("code").textValue(), f.get("expiresAt").longValue(), f.get("expiresInMs").longValue());
      case "error" -> ServerFrames.error(ErrorCode.valueOf(f.get("code").textValue()), f.get("message").textValue(), text(f, "room"));
      case "consent" -> toTracker
          ? ServerFrames.consentToTracker(new AgentInfo(f.get("agent").textValue(), f.get("agentName").textValue()), kind(f),
              f.get("action").textValue(), text(f, "tab"), raw(f, "iceServers"))
          : ServerFrames.consentToAgent(f.get("room").textValue(), kind(f), f.get("state").textValue(), f.get("by").textValue(),
              f.get("agent").textValue(), text(f, "tab"), raw(f, "iceServers"));
      case "control", "annotate" -> ServerFrames.commandToTracker(command(f),
          new AgentInfo(f.get("agent").textValue(), f.get("agentName").textValue()));
      case "signal" -> toTracker
          ? ServerFrames.signalToTracker(f.get("from").textValue(), (ObjectNode) f.get("data"))
          : ServerFrames.signalToAgent(f.get("room").textValue(), f.get("from").textValue(), (ObjectNode) f.get("data"));
      case "refreshed" -> ServerFrames.refreshed(f.get("expiresAt").longValue());
      case "listChanged" -> f.has("window")
          ? ServerFrames.listWindow(f.get("id").longValue(), f.get("total").intValue(), f.get("offset").intValue(), sessions(f.get("window")))
          : ServerFrames.listChanged(f.get("total").intValue(), sessions(f.path("added")),
              StreamSupport.stream(f.path("changed").spliterator(), false).map(ObjectNode.class::cast).toList(), strings(f.path("removed")));
      case "joined" -> ServerFrames.joined(session(f.get("session")));
      case "redeemed" -> ServerFrames.redeemed(session(f.get("session")));
      case "room" -> ServerFrames.room(session(f.get("session")));
      case "events" -> relayed(f);
      case "history" -> {
        List<byte[]> batches = new ArrayList<>();
        for (JsonNode batch : f.get("batches")) {
          batches.add(relayed((ObjectNode) batch));
        }
        yield ServerFrames.history(f.get("room").textValue(), f.get("tab").textValue(), batches);
      }
      case "left" -> ServerFrames.left(f.get("room").textValue());
      case "ended" -> ServerFrames.ended(f.get("room").textValue(), EndReason.valueOf(f.get("reason").textValue().toUpperCase(java.util.Locale.ROOT)));
      default -> throw new AssertionError("no encoder for a canonical '" + f.get("t").textValue() + "' frame: add it to ServerFrames and here");
    };
  }

  /** The agent's command a tab's {@code control} or {@code annotate} relays: the same fields, with a room and a tab. */
  private RemoteCommand command(ObjectNode toTracker) throws JsonProcessingException {
    ObjectNode fromAgent = toTracker.deepCopy();
    fromAgent.remove(List.of("agent", "agentName"));
    fromAgent.put("room", "s-3f9a8b7c").put("tab", "t-91c2d3e4");
    Frame frame = codec.decode(WireSchema.MAPPER.writeValueAsBytes(fromAgent), limits.maxAgentFrameBytes());
    return (RemoteCommand) AgentRequest.from(frame, limits);
  }

  /** An agent's {@code events} frame as the server relays it: the tracker's batch (the same fields but room and tab) behind the tab's header. */
  private byte[] relayed(ObjectNode toAgent) throws JsonProcessingException {
    ObjectNode fromTracker = toAgent.deepCopy();
    fromTracker.remove(List.of("room", "tab"));
    EventBatch batch = EventBatch.from(codec.decode(WireSchema.MAPPER.writeValueAsBytes(fromTracker), limits.maxTrackerFrameBytes()));
    return ServerFrames.events(ServerFrames.eventsHeader(toAgent.get("room").textValue(), toAgent.get("tab").textValue()), batch);
  }

  private static ConsentKind kind(ObjectNode f) {
    return ConsentKind.valueOf(f.get("kind").textValue().toUpperCase(java.util.Locale.ROOT));
  }

  private static String text(ObjectNode f, String field) {
    return f.has(field) ? f.get(field).textValue() : null;
  }

  private static String raw(ObjectNode f, String field) {
    return f.has(field) ? f.get(field).toString() : null;
  }

  private static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::textValue).toList();
  }

  private static SessionSummary session(JsonNode node) throws JsonProcessingException {
    return WireSchema.MAPPER.treeToValue(node, SessionSummary.class);
  }

  private static List<SessionSummary> sessions(JsonNode array) throws JsonProcessingException {
    List<SessionSummary> sessions = new ArrayList<>();
    for (JsonNode node : array) {
      sessions.add(session(node));
    }
    return sessions;
  }

  private static JsonNode parse(String text) {
    try {
      return WireSchema.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static Stream<Case> cases() {
    return StreamSupport.stream(CASES.spliterator(), false).map(Case::of);
  }

  /** One golden frame: {@code text} is the exact frame, {@code frame} its JSON (a missing node if it is not JSON). */
  private record Case(String name, String direction, String text, JsonNode frame, String expect, boolean canonical) {
    static Case of(JsonNode node) {
      JsonNode frame = node.has("frame") ? node.get("frame") : parse(node.get("text").textValue());
      String text = node.has("text") ? node.get("text").textValue() : node.get("frame").toString();
      return new Case(node.get("name").textValue(), node.get("direction").textValue(), text,
          frame == null ? WireSchema.MAPPER.missingNode() : frame, node.get("expect").textValue(), node.path("canonical").asBoolean());
    }
  }
}
