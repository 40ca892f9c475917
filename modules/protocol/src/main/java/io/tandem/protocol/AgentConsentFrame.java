package io.tandem.protocol;

/**
 * A {@code consent} frame for agents ({@link ServerFrames#consentToAgent}) read back, for an agent's
 * node: a grant lives on the room's owner, so when that node is gone the agent's node is the one
 * left to tell the agent that what it was told is open has ended. The frame was built by a server.
 */
public record AgentConsentFrame(String room, ConsentKind kind, String state, String agent, String tab) {
  private static final FrameCodec CODEC = new FrameCodec();
  private static final String ENDED = "ended";
  private static final String BY_SERVER = "server";

  public static AgentConsentFrame read(byte[] frame) {
    Frame read = CODEC.decode(frame, Integer.MAX_VALUE);
    return new AgentConsentFrame(read.requiredText("room"), ConsentKind.read(read), read.requiredText("state"),
        read.requiredText("agent"), read.optionalText("tab").orElse(null));
  }

  /** A request still waiting for the user, or a live grant. */
  public boolean open() {
    return "requested".equals(state) || "granted".equals(state);
  }

  /** Which consent this is about: one of a kind per agent and room. */
  public String key() {
    return kind.wireName() + ' ' + agent;
  }

  /** The frame that tells the agent this consent ended with the room's owner. */
  public byte[] endedByServer() {
    return ServerFrames.consentToAgent(room, kind, ENDED, BY_SERVER, agent, tab, null);
  }
}
