package io.tandem.protocol;

/**
 * An agent's {@code redeem}: the support code a user read out. Any text is taken here; a code that
 * is not six digits is answered like any wrong code ({@link ErrorCode#SUPPORT_CODE_INVALID}), so a
 * typo costs the agent a try, not the socket.
 */
public record SupportCodeRedemption(String code) {
  public static final int DIGITS = 6;

  public static SupportCodeRedemption from(Frame frame) {
    return new SupportCodeRedemption(frame.requiredText("code"));
  }

  /** Whether the code has the shape of a support code: exactly {@link #DIGITS} ASCII digits. */
  public boolean wellFormed() {
    return code.length() == DIGITS && code.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
