package io.tandem.server.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Refuses a configuration that still holds a placeholder of {@code k8s/secret.yaml}: a node started
 * with one would sign tokens with, or accept, a value anyone can read in this repository. The
 * message names the key and its variable, so the operator knows which Secret entry to fill.
 */
final class Placeholders {
  static final String MARK = "REPLACE-ME";

  private Placeholders() {}

  static JsonObject refuse(JsonObject config) {
    check(config, "");
    return config;
  }

  private static void check(Object value, String path) {
    if (value instanceof JsonObject object) {
      object.forEach(entry -> check(entry.getValue(), path.isEmpty() ? entry.getKey() : path + "." + entry.getKey()));
    } else if (value instanceof JsonArray array) {
      array.forEach(item -> check(item, path));
    } else if (value instanceof String text && text.contains(MARK)) {
      throw new IllegalArgumentException("configuration key " + path + " (" + EnvironmentOverrides.PREFIX + EnvironmentOverrides.envName(path)
          + ") still holds the placeholder '" + MARK + "' of k8s/secret.yaml: put the real value in the Secret"
          + " (docs/operations.md, \"The Secret\")");
    }
  }
}
