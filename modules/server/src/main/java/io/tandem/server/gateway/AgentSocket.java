package io.tandem.server.gateway;

import io.tandem.protocol.AgentHello;
import io.tandem.protocol.AgentRefresh;
import io.tandem.protocol.AgentRequest;
import io.tandem.protocol.Endpoint;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.Frame;
import io.tandem.protocol.FrameCodec;
import io.tandem.protocol.FrameType;
import io.tandem.protocol.JoinRequest;
import io.tandem.protocol.Limits;
import io.tandem.protocol.ListRequest;
import io.tandem.protocol.RoomRequest;
import io.tandem.protocol.ServerFrames;
import io.tandem.protocol.SupportCodeRedemption;
import io.tandem.server.auth.AccountCheckFailed;
import io.tandem.server.auth.Agent;
import io.tandem.server.auth.AgentIdentity;
import io.tandem.server.auth.AgentTokens;
import io.tandem.server.auth.TokenRevoked;
import io.tandem.server.auth.VerifiedToken;
import io.tandem.server.peer.AgentPeer;
import io.tandem.server.room.SessionListeners;
import io.tandem.server.routing.AgentRouter;
import io.tandem.server.support.SupportCodes;
import io.vertx.core.AsyncResult;
import io.vertx.core.http.ServerWebSocket;
import java.util.Optional;

/**
 * {@code /ws/agent}: one agent console. Nothing is served before its token is verified, and the
 * socket stands only as long as a token does: it is closed when the token expires (unless the
 * console sent a fresher one in a {@code refresh} frame), and when the agent's account changes so
 * that the token no longer stands (disabled, password reset; see {@link AgentRouter#revise}).
 */
final class AgentSocket extends PeerSocket implements AgentPeer {
  private static final String PASSWORD_RESET_MESSAGE = "your password was reset, which revokes the tokens issued before; log in again";

  private final AgentRouter router;
  private final SessionListeners lists;
  private final AgentTokens tokens;
  private final SupportCodes supportCodes;
  private final long replyTimeoutMs;
  // written by the token checks and the account reviews, read by the rooms and the gateway's sweep
  private volatile AgentIdentity agent;
  private volatile int tokenVersion;
  private volatile long expiresAtMillis = Long.MAX_VALUE;

  AgentSocket(ServerWebSocket ws, Limits limits, FrameCodec codec, TrafficMetrics metrics, AgentRouter router, SessionListeners lists,
      AgentTokens tokens, SupportCodes supportCodes, long replyTimeoutMs) {
    super(ws, Endpoint.AGENT, limits, codec, metrics, limits.maxAgentBacklogBytes());
    this.router = router;
    this.lists = lists;
    this.tokens = tokens;
    this.supportCodes = supportCodes;
    this.replyTimeoutMs = replyTimeoutMs;
  }

  @Override
  public AgentIdentity agent() {
    return agent;
  }

  @Override
  protected void onHello(Frame frame) {
    // Frames behind the hello (a console may send its joins at once) wait until the agent is known.
    ws.pause();
    admit(AgentHello.from(frame).token());
  }

  /**
   * Checks the token, then joins the router, which refuses if an account change was reviewed
   * meanwhile: that review did not see this socket, and the check may have read the account from
   * before the change (an agent disabled then), so it runs again.
   */
  private void admit(String token) {
    long changesBefore = router.accountChanges();
    tokens.verify(token)
        .compose(verified -> {
          agent = verified.agent();
          holdUntil(verified);
          return router.connected(this, changesBefore, () -> send(FrameType.WELCOME, ServerFrames.agentWelcome(agent.info(), agent.roles(), replyTimeoutMs)));
        })
        .onComplete(admitted -> {
          if (admitted.failed()) {
            refuse(admitted.cause());
          } else if (!admitted.result()) {
            admit(token);
            return;
          } else if (isClosed()) {
            router.closed(this); // closed while the token was checked: there was nothing to remove then
          }
          ws.resume();
        });
  }

  @Override
  protected void onFrame(Frame frame) {
    switch (frame.type()) {
      case JOIN -> router.join(this, JoinRequest.from(frame, limits));
      case LEAVE -> router.leave(this, RoomRequest.from(frame).room());
      case REFRESH -> refresh(AgentRefresh.from(frame));
      case REDEEM -> redeem(SupportCodeRedemption.from(frame));
      case LIST -> lists.window(this, ListRequest.from(frame, limits));
      case HEARTBEAT -> send(FrameType.HEARTBEAT, ServerFrames.heartbeat());
      default -> router.request(this, AgentRequest.from(frame, limits));
    }
  }

  /** A fresher token of the same agent: the socket stands until it expires. */
  private void refresh(AgentRefresh refresh) {
    tokens.verify(refresh.token()).onComplete(verified -> {
      if (!stands(verified)) {
        return;
      }
      if (!verified.result().agent().id().equals(agent.id())) {
        fail(ErrorCode.UNAUTHORIZED, "the refreshed token names another agent; log in again", null);
        return;
      }
      holdUntil(verified.result());
      send(FrameType.REFRESHED, ServerFrames.refreshed(expiresAtMillis));
    });
  }

  /** A support code the user read out: the answer names its session, which the console then joins. */
  private void redeem(SupportCodeRedemption code) {
    supportCodes.redeem(agent, code).onComplete(redeemed -> {
      if (redeemed.failed()) {
        fail(ErrorCode.SUPPORT_CODE_INVALID, "the support code could not be checked now; try again in a moment", null);
      } else if (redeemed.result().refusal() != null) {
        fail(redeemed.result().refusal(), redeemed.result().message(), null);
      } else {
        send(FrameType.REDEEMED, ServerFrames.redeemed(redeemed.result().session()));
      }
    });
  }

  private boolean stands(AsyncResult<VerifiedToken> verified) {
    if (verified.failed()) {
      refuse(verified.cause());
    }
    return verified.succeeded();
  }

  private void refuse(Throwable cause) {
    if (cause instanceof AccountCheckFailed) {
      fail(ErrorCode.ACCOUNT_CHECK_FAILED, AccountCheckFailed.MESSAGE, null);
    } else if (cause instanceof TokenRevoked revoked && revoked.isAccountDisabled()) {
      fail(ErrorCode.AGENT_REVOKED, DISABLED_MESSAGE, null);
    } else if (cause instanceof TokenRevoked) {
      fail(ErrorCode.TOKEN_REVOKED, PASSWORD_RESET_MESSAGE, null);
    } else {
      fail(ErrorCode.UNAUTHORIZED, "the token is forged, expired or malformed; log in again", null);
    }
  }

  private void holdUntil(VerifiedToken token) {
    tokenVersion = token.tokenVersion();
    expiresAtMillis = token.expiresAtMillis();
  }

  /** Called on a room context when the agent's account changed. */
  @Override
  public boolean review(Optional<Agent> account) {
    if (account.isEmpty()) {
      fail(ErrorCode.AGENT_REVOKED, DISABLED_MESSAGE, null);
      return false;
    }
    if (account.get().tokenVersion() != tokenVersion) {
      fail(ErrorCode.TOKEN_REVOKED, PASSWORD_RESET_MESSAGE, null);
      return false;
    }
    agent = account.get().identity();
    return true;
  }

  /** The token's expiry is checked by the same sweep, so a socket outlives its token by at most the sweep's interval. */
  @Override
  void checkTimeouts(long nowMillis, long silenceLimitMillis) {
    super.checkTimeouts(nowMillis, silenceLimitMillis);
    if (nowMillis >= expiresAtMillis) {
      fail(ErrorCode.TOKEN_EXPIRED, "your token expired; send a 'refresh' frame with a fresh one (POST /api/auth/refresh) before it does, or log in again", null);
    }
  }

  @Override
  protected void onClosed() {
    if (agent != null) {
      router.closed(this);
    }
  }
}
