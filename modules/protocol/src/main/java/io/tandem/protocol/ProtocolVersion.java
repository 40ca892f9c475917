package io.tandem.protocol;

import java.util.Set;

/** The protocol versions this build speaks; checked on every {@code hello}. */
public final class ProtocolVersion {
  public static final int CURRENT = 1;
  public static final Set<Integer> SUPPORTED = Set.of(CURRENT);

  private ProtocolVersion() {}

  static void check(Frame hello) {
    long version = hello.requiredLong("v");
    if (!SUPPORTED.contains((int) version) || version != (int) version) {
      throw new ProtocolException(
          ErrorCode.UNSUPPORTED_VERSION,
          "protocol version " + version + " is not supported; this server speaks " + SUPPORTED);
    }
  }
}
