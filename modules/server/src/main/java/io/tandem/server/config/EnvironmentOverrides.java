package io.tandem.server.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * Maps flat {@code TANDEM_*} variables onto the nested configuration: {@code limits.maxAgentsPerRoom}
 * is set by {@code TANDEM_LIMITS_MAX_AGENTS_PER_ROOM}. Only keys that exist in the defaults are
 * recognised, so a typo cannot silently invent a setting.
 */
final class EnvironmentOverrides {
  static final String PREFIX = "TANDEM_";

  private EnvironmentOverrides() {}

  static JsonObject apply(JsonObject config, JsonObject environment) {
    override(config, environment, "");
    return config;
  }

  private static void override(JsonObject node, JsonObject environment, String path) {
    for (String key : node.fieldNames()) {
      Object value = node.getValue(key);
      String name = PREFIX + envName(path + key);
      if (value instanceof JsonObject child) {
        override(child, environment, path + key + ".");
      }
      Object raw = environment.getValue(name);
      if (raw != null) {
        node.put(key, convert(raw.toString(), value, name));
      }
    }
  }

  static String envName(String path) {
    return path.replace(".", "_").replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
  }

  private static Object convert(String raw, Object current, String name) {
    try {
      if (current instanceof Number) {
        return Long.parseLong(raw.trim());
      }
      if (current instanceof Boolean) {
        return Boolean.parseBoolean(raw.trim());
      }
      if (current instanceof String) {
        return raw;
      }
      return Json.decodeValue(raw);
    } catch (NumberFormatException | DecodeException e) {
      throw new IllegalArgumentException("environment variable " + name + " has an invalid value: " + e.getMessage(), e);
    }
  }
}
