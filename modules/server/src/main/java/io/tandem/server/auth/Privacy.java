package io.tandem.server.auth;

import io.vertx.core.json.JsonObject;

/**
 * A project's privacy settings. {@code preJoinBufferSeconds} is how much of a session from before
 * an agent joined may be shown to them (0: only what happens after the join); {@code maskAllInputs}
 * asks trackers to mask every input field. Stored here for the rooms and trackers to apply.
 */
public record Privacy(int preJoinBufferSeconds, boolean maskAllInputs) {
  public static final Privacy DEFAULT = new Privacy(0, true);
  public static final int MAX_PRE_JOIN_BUFFER_SECONDS = 600;

  public static Privacy from(JsonObject json) {
    return new Privacy(
        json.getInteger("preJoinBufferSeconds", DEFAULT.preJoinBufferSeconds),
        json.getBoolean("maskAllInputs", DEFAULT.maskAllInputs));
  }

  public JsonObject toJson() {
    return new JsonObject().put("preJoinBufferSeconds", preJoinBufferSeconds).put("maskAllInputs", maskAllInputs);
  }
}
