package io.tandem.server.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The projects this node knows, looked up by the key trackers present. */
public final class Projects {
  private final Map<String, Project> byKey;

  private Projects(Map<String, Project> byKey) {
    this.byKey = byKey;
  }

  public static Projects fromConfig(JsonArray projects) {
    return new Projects(
        projects.stream()
            .map(JsonObject.class::cast)
            .map(p -> new Project(p.getString("id"), p.getString("name", p.getString("id")), p.getString("key"),
                p.getJsonArray("allowedOrigins", new JsonArray()).stream().map(Object::toString).toList()))
            .collect(Collectors.toMap(Project::key, Function.identity())));
  }

  public Optional<Project> byKey(String key) {
    return Optional.ofNullable(byKey.get(key));
  }
}
