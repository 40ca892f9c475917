package io.tandem.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Consent, control, annotate and signal frames: what is accepted, what is refused with which code. */
class AssistanceFramesTest {
  private static final String ROOM = "\"room\":\"session-0001\"";
  private final FrameCodec codec = new FrameCodec();
  private final Limits limits = Limits.defaults();

  private Frame decode(String json) {
    return codec.decode(json.getBytes(StandardCharsets.UTF_8), 1024 * 1024);
  }

  private AgentRequest agent(String json) {
    return AgentRequest.from(decode(json), limits);
  }

  private static String text(byte[] frame) {
    return new String(frame, StandardCharsets.UTF_8);
  }

  @Test
  void readsAnAgentsConsentRequest() {
    ConsentRequest request = (ConsentRequest) agent("{\"t\":\"consent\"," + ROOM + ",\"kind\":\"control\",\"action\":\"request\"}");
    assertThat(request.kind()).isEqualTo(ConsentKind.CONTROL);
    assertThat(request.end()).isFalse();
    assertThat(request.room()).isEqualTo("session-0001");
  }

  @Test
  void readsTheUsersAnswer() {
    TrackerRequest answer = TrackerRequest.from(decode("{\"t\":\"consent\",\"agent\":\"demo\",\"kind\":\"call\",\"action\":\"decline\"}"), limits);
    assertThat(answer).isEqualTo(new ConsentAnswer("demo", ConsentKind.CALL, ConsentAnswer.Action.DECLINE));
  }

  @Test
  void aControlFrameKeepsOnlyItsValidatedFieldsForTheTab() {
    RemoteCommand command = (RemoteCommand) agent(
        "{\"t\":\"control\"," + ROOM + ",\"tab\":\"tab-00001\",\"action\":\"input\",\"node\":7,\"text\":\"hi\",\"extra\":{\"x\":1}}");
    String toTab = text(ServerFrames.commandToTracker(command, new AgentInfo("demo", "Demo Agent")));
    assertThat(toTab).isEqualTo(
        "{\"t\":\"control\",\"agent\":\"demo\",\"agentName\":\"Demo Agent\",\"action\":\"input\",\"node\":7,\"text\":\"hi\"}");
  }

  @Test
  void anAnnotationIsRelayedAsValidatedPoints() {
    RemoteCommand command = (RemoteCommand) agent("{\"t\":\"annotate\"," + ROOM
        + ",\"tab\":\"tab-00001\",\"stroke\":{\"id\":\"s1\",\"points\":[[1,2],[3.5,4]],\"color\":\"red\",\"width\":3},\"done\":true}");
    assertThat(command.type()).isEqualTo(FrameType.ANNOTATE);
    assertThat(command.body().get("stroke").get("points").toString()).isEqualTo("[[1.0,2.0],[3.5,4.0]]");
    assertThat(command.body().get("done").booleanValue()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"t\":\"consent\",\"room\":\"session-0001\",\"kind\":\"teleport\",\"action\":\"request\"} | MALFORMED_FRAME | 'kind' must be one of call, control, annotate, record",
      "{\"t\":\"consent\",\"room\":\"session-0001\",\"kind\":\"call\",\"action\":\"accept\"} | MALFORMED_FRAME | must be 'request' or 'end'",
      "{\"t\":\"control\",\"room\":\"session-0001\",\"tab\":\"tab-00001\",\"action\":\"drag\"} | MALFORMED_FRAME | click, scroll, input, key, visit",
      "{\"t\":\"control\",\"room\":\"session-0001\",\"tab\":\"tab-00001\",\"action\":\"input\",\"text\":\"x\"} | MISSING_FIELD | input needs 'node' and 'text'",
      "{\"t\":\"control\",\"room\":\"session-0001\",\"action\":\"key\",\"key\":\"Enter\"} | MISSING_FIELD | missing field 'tab'",
      "{\"t\":\"control\",\"room\":\"session-0001\",\"tab\":\"tab-00001\",\"action\":\"click\",\"node\":1.5} | MALFORMED_FRAME | 'node' must be an integer",
      "{\"t\":\"annotate\",\"room\":\"session-0001\",\"tab\":\"tab-00001\",\"stroke\":{\"id\":\"s\",\"points\":[[1]],\"color\":\"red\",\"width\":2}} | MALFORMED_FRAME | [x, y] pair",
      "{\"t\":\"annotate\",\"room\":\"session-0001\",\"tab\":\"tab-00001\",\"stroke\":{\"id\":\"s\",\"points\":[[1,1]],\"color\":\"red\",\"width\":0}} | MALFORMED_FRAME | 'stroke.width'",
      "{\"t\":\"signal\",\"room\":\"session-0001\",\"to\":\"user\",\"data\":\"sdp\"} | MALFORMED_FRAME | field 'data' of a 'signal' frame must be an object",
  })
  void refusesABrokenFrameSayingWhatIsWrong(String json, ErrorCode code, String message) {
    assertThatThrownBy(() -> agent(json))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(message);
  }

  @Test
  void everyAssistanceLimitHasItsOwnCode() {
    Limits small = new Limits(1 << 20, 1 << 20, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 64, 2, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    String bigSignal = "{\"t\":\"signal\"," + ROOM + ",\"to\":\"user\",\"data\":{\"sdp\":\"" + "v".repeat(100) + "\"}}";
    String longStroke = "{\"t\":\"annotate\"," + ROOM + ",\"tab\":\"tab-00001\",\"stroke\":{\"id\":\"s\",\"points\":[[1,1],[2,2],[3,3]],\"color\":\"red\",\"width\":2}}";
    String longText = "{\"t\":\"control\"," + ROOM + ",\"tab\":\"tab-00001\",\"action\":\"input\",\"node\":1,\"text\":\"hello\"}";

    assertThat(refusal(bigSignal, small)).isEqualTo(ErrorCode.SIGNAL_TOO_LARGE);
    assertThat(refusal(longStroke, small)).isEqualTo(ErrorCode.STROKE_TOO_LARGE);
    assertThat(refusal(longText, small)).isEqualTo(ErrorCode.CONTROL_TEXT_TOO_LARGE);
    assertThat(ErrorCode.SIGNAL_TOO_LARGE.fatal()).isFalse();
    assertThat(ErrorCode.CONSENT_REQUIRED.fatal()).isFalse();
  }

  @Test
  void consentFramesForAgentsAndTabsCarryTheIceServersOfACall() {
    String ice = "[{\"urls\":[\"stun:127.0.0.1:3478\"]}]";
    assertThat(text(ServerFrames.consentToAgent("session-0001", ConsentKind.CALL, "granted", "user", "demo", "tab-1", ice)))
        .isEqualTo("{\"t\":\"consent\",\"room\":\"session-0001\",\"kind\":\"call\",\"state\":\"granted\",\"by\":\"user\",\"agent\":\"demo\","
            + "\"tab\":\"tab-1\",\"iceServers\":" + ice + "}");
    assertThat(text(ServerFrames.consentToTracker(new AgentInfo("demo", "Demo Agent"), ConsentKind.CONTROL, "request", null, null)))
        .isEqualTo("{\"t\":\"consent\",\"agent\":\"demo\",\"agentName\":\"Demo Agent\",\"kind\":\"control\",\"action\":\"request\"}");
    assertThat(text(ServerFrames.consentToTracker(new AgentInfo("demo", "Demo Agent"), ConsentKind.CALL, "granted", "tab-1", ice)))
        .isEqualTo("{\"t\":\"consent\",\"agent\":\"demo\",\"agentName\":\"Demo Agent\",\"kind\":\"call\",\"action\":\"granted\","
            + "\"tab\":\"tab-1\",\"iceServers\":" + ice + "}");
  }

  @Test
  void onlyTheRightEndpointMaySendEachFrame() {
    assertThat(Endpoint.AGENT.accepts(FrameType.CONTROL)).isTrue();
    assertThat(Endpoint.TRACKER.accepts(FrameType.CONTROL)).isFalse();
    assertThat(Endpoint.TRACKER.accepts(FrameType.ANNOTATE)).isFalse();
    assertThat(Endpoint.TRACKER.accepts(FrameType.SIGNAL)).isTrue();
  }

  private ErrorCode refusal(String json, Limits limits) {
    try {
      AgentRequest.from(decode(json), limits);
      throw new AssertionError("accepted " + json);
    } catch (ProtocolException e) {
      return e.code();
    }
  }
}
