package io.tandem.protocol;

/** A fresher token for an open agent socket, which then stands until that token expires. */
public record AgentRefresh(String token) {

  public static AgentRefresh from(Frame frame) {
    return new AgentRefresh(frame.requiredText("token"));
  }
}
