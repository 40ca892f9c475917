package io.tandem.protocol;

/** The first frame of an agent socket: the agent's JWT. */
public record AgentHello(String token) {

  public static AgentHello from(Frame frame) {
    ProtocolVersion.check(frame);
    return new AgentHello(frame.requiredText("token"));
  }
}
