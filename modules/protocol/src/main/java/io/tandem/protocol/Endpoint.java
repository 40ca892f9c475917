package io.tandem.protocol;

import java.util.EnumSet;
import java.util.Set;

/** The two kinds of socket a node serves, and which frame types each may send to the server. */
public enum Endpoint {
  TRACKER("/ws/tracker", EnumSet.of(FrameType.HELLO, FrameType.PAGE, FrameType.HEARTBEAT, FrameType.EVENTS, FrameType.CONSENT, FrameType.SIGNAL,
      FrameType.SUPPORT_CODE)),
  AGENT("/ws/agent", EnumSet.of(FrameType.HELLO, FrameType.HEARTBEAT, FrameType.JOIN, FrameType.LEAVE, FrameType.CONSENT, FrameType.CONTROL, FrameType.ANNOTATE, FrameType.SIGNAL,
      FrameType.REFRESH, FrameType.REDEEM, FrameType.LIST));

  private final String path;
  private final Set<FrameType> inbound;

  Endpoint(String path, Set<FrameType> inbound) {
    this.path = path;
    this.inbound = inbound;
  }

  public String path() {
    return path;
  }

  public boolean accepts(FrameType type) {
    return inbound.contains(type);
  }
}
