package io.tandem.server.auth;

import io.tandem.server.storage.AgentStore;
import io.tandem.server.storage.ProjectStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Puts what the configuration declares into an empty database: the {@code projects} (the demo
 * project) and the demo agent ({@code auth.demoAgent}, agent and admin). Entries that exist are
 * left alone, so what admins change through the API survives restarts. Without a configured
 * password the demo agent's is generated once, kept in the data directory and logged.
 */
public final class FirstRun {
  private static final Logger LOG = Logger.getLogger(FirstRun.class.getName());
  private static final String PASSWORD_FILE = "demo-agent-password";

  private FirstRun() {}

  public static Future<Void> seed(Vertx vertx, JsonObject config, Path dataDir, ProjectStore projects, AgentStore agents) {
    Future<Void> seeded = Future.succeededFuture();
    for (Object item : config.getJsonArray("projects", new JsonArray())) {
      Project project = project((JsonObject) item);
      seeded = seeded.compose(v -> projects.createIfAbsent(project))
          .map(created -> {
            if (created) {
              LOG.info("created project '" + project.id() + "' from the configuration");
            }
            return null;
          });
    }
    JsonObject demo = config.getJsonObject("auth").getJsonObject("demoAgent");
    if (!demo.getBoolean("enabled", false)) {
      return seeded;
    }
    String username = demo.getString("username");
    return seeded
        .compose(v -> agents.find(username))
        .compose(found -> found.isPresent() ? Future.succeededFuture() : vertx.executeBlocking(() -> {
              String password = demo.getString("password", "");
              if (password.isBlank()) {
                password = storedOrNewPassword(dataDir.resolve(PASSWORD_FILE));
                LOG.info("demo agent login: username '" + username + "', password '" + password + "'");
              } else {
                // a configured password comes from a file or a Secret: it must not reach the log
                LOG.info("demo agent login: username '" + username + "', password as configured in auth.demoAgent.password");
              }
              return PasswordHash.of(password);
            })
            .compose(hash -> agents.create(new Agent(username, demo.getString("name"),
                List.of(AgentIdentity.ROLE_AGENT, AgentIdentity.ROLE_ADMIN), Set.of(), false, null, 0), hash))
            .mapEmpty());
  }

  private static Project project(JsonObject json) {
    return new Project(json.getString("id"), json.getString("name", json.getString("id")), json.getString("key"),
        json.getJsonArray("allowedOrigins", new JsonArray()).stream().map(Object::toString).toList(),
        Privacy.from(json.getJsonObject("privacy", new JsonObject())));
  }

  private static String storedOrNewPassword(Path file) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      byte[] random = new byte[12];
      new SecureRandom().nextBytes(random);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.createDirectories(file.getParent());
      Files.writeString(file, password);
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the demo agent password in " + file, e);
    }
  }
}
