package io.tandem.protocol;

/**
 * Why a session ended for its agents ({@code ended.reason}). A console follows a session that ended
 * because its user or its node went away, in case the user comes back; one an administrator ended
 * stays ended.
 */
public enum EndReason {
  /** The user's last tab closed or lost its connection and did not come back within the grace. */
  USER_LEFT("user_left"),
  /** The node that held the session died and no tab claimed it again within the grace. */
  OWNER_LOST("owner_lost"),
  /** An administrator ended the session. */
  ENDED_BY_ADMIN("ended_by_admin");

  private final String wireName;

  EndReason(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
