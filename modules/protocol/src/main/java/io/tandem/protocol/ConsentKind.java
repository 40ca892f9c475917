package io.tandem.protocol;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What an agent may ask the user to allow. Each kind is granted, and ended, on its own. */
public enum ConsentKind {
  CALL("call"),
  CONTROL("control"),
  ANNOTATE("annotate"),
  RECORD("record");

  private static final String NAMES = Arrays.stream(values()).map(ConsentKind::wireName).collect(Collectors.joining(", "));

  private final String wireName;

  ConsentKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  static ConsentKind read(Frame frame) {
    String name = frame.requiredText("kind");
    return Arrays.stream(values())
        .filter(kind -> kind.wireName.equals(name))
        .findFirst()
        .orElseThrow(() -> new ProtocolException(ErrorCode.MALFORMED_FRAME, "'kind' must be one of " + NAMES));
  }
}
