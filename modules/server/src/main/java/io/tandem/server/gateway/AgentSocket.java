package io.tandem.server.gateway;

import io.tandem.protocol.AgentHello;
import io.tandem.protocol.AgentRequest;
import io.tandem.protocol.Endpoint;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.Frame;
import io.tandem.protocol.FrameCodec;
import io.tandem.protocol.FrameType;
import io.tandem.protocol.Limits;
import io.tandem.protocol.RoomRequest;
import io.tandem.protocol.ServerFrames;
import io.tandem.server.auth.AccountCheckFailed;
import io.tandem.server.auth.AgentIdentity;
import io.tandem.server.auth.AgentTokens;
import io.tandem.server.peer.AgentPeer;
import io.tandem.server.room.Rooms;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;

/** {@code /ws/agent}: one agent console. Nothing is served before its token is verified. */
final class AgentSocket extends PeerSocket implements AgentPeer {
  private final Rooms rooms;
  private final AgentTokens tokens;
  private volatile AgentIdentity agent;

  AgentSocket(ServerWebSocket ws, Limits limits, FrameCodec codec, TrafficMetrics metrics, Rooms rooms, AgentTokens tokens) {
    super(ws, Endpoint.AGENT, limits, codec, metrics);
    this.rooms = rooms;
    this.tokens = tokens;
  }

  @Override
  public AgentIdentity agent() {
    return agent;
  }

  @Override
  protected void onHello(Frame frame) {
    AgentHello hello = AgentHello.from(frame);
    // Frames behind the hello (a console may send its joins at once) wait until the agent is known.
    ws.pause();
    tokens.verify(hello.token())
        .onComplete(verified -> {
          if (verified.cause() instanceof AccountCheckFailed) {
            fail(ErrorCode.ACCOUNT_CHECK_FAILED, AccountCheckFailed.MESSAGE, null);
          } else if (verified.failed()) {
            fail(ErrorCode.UNAUTHORIZED, "the token is forged, expired or malformed; log in again", null);
          } else {
            agent = verified.result();
            send(FrameType.WELCOME, new String(ServerFrames.agentWelcome(agent.info(), agent.roles()), StandardCharsets.UTF_8));
            rooms.agentConnected(this);
          }
          ws.resume();
        });
  }

  @Override
  protected void onFrame(Frame frame) {
    switch (frame.type()) {
      case JOIN -> rooms.join(this, RoomRequest.from(frame).room());
      case LEAVE -> rooms.leave(this, RoomRequest.from(frame).room());
      default -> rooms.fromAgent(this, AgentRequest.from(frame, limits));
    }
  }

  @Override
  protected void onClosed() {
    if (agent != null) {
      rooms.agentClosed(this);
    }
  }
}
