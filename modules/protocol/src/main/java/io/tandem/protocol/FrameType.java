package io.tandem.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every frame type of protocol version 1, by its wire name (the {@code t} field). */
public enum FrameType {
  HELLO("hello"),
  PAGE("page"),
  HEARTBEAT("heartbeat"),
  EVENTS("events"),
  HISTORY("history"),
  WELCOME("welcome"),
  START("start"),
  STOP("stop"),
  ACK("ack"),
  ERROR("error"),
  JOIN("join"),
  LEAVE("leave"),
  LIST("list"),
  LIST_CHANGED("listChanged"),
  JOINED("joined"),
  ROOM("room"),
  LEFT("left"),
  ENDED("ended"),
  CONSENT("consent"),
  CONTROL("control"),
  ANNOTATE("annotate"),
  SIGNAL("signal"),
  REFRESH("refresh"),
  REFRESHED("refreshed"),
  SUPPORT_CODE("supportCode"),
  REDEEM("redeem"),
  REDEEMED("redeemed");

  private static final Map<String, FrameType> BY_WIRE_NAME =
      Arrays.stream(values()).collect(Collectors.toMap(FrameType::wireName, Function.identity()));

  private final String wireName;

  FrameType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<FrameType> fromWireName(String name) {
    return Optional.ofNullable(BY_WIRE_NAME.get(name));
  }
}
