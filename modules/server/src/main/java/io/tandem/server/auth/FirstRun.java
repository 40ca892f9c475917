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
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Puts what the configuration declares into the database: the {@code projects}, the first admin
 * ({@code auth.firstAdmin}, once it has a password), and only with {@code demo} on, the demo's
 * project and agent ({@code auth.demoAgent}, agent and admin). Entries that exist are left alone
 * (an insert that finds the id taken does nothing), so what admins change through the API survives
 * restarts. The node runs this under the storage's start-up lock, so nodes starting together seed
 * once. Without a configured password the demo agent's is generated once, kept in the data
 * directory and logged.
 */
public final class FirstRun {
  private static final Logger LOG = Logger.getLogger(FirstRun.class.getName());
  private static final String PASSWORD_FILE = "demo-agent-password";
  private static final int MIN_ADMIN_PASSWORD = 10;
  /** The demo pages ({@code demo/}) carry this project's key; it exists only while the demo is on. */
  private static final JsonObject DEMO_PROJECT = new JsonObject()
      .put("id", "demo").put("name", "Demo").put("key", "demo-key").put("allowedOrigins", new JsonArray().add("self"))
      .put("privacy", new JsonObject().put("preJoinBufferSeconds", 600).put("maskAllInputs", false));

  private FirstRun() {}

  public static Future<Void> seed(Vertx vertx, JsonObject config, Path dataDir, ProjectStore projects, AgentStore agents) {
    boolean demo = config.getBoolean("demo", false);
    JsonArray declared = config.getJsonArray("projects", new JsonArray()).copy();
    if (demo) {
      declared.add(DEMO_PROJECT);
    }
    Future<Void> seeded = Future.succeededFuture();
    for (int i = 0; i < declared.size(); i++) {
      Project project = project(declared.getJsonObject(i));
      seeded = seeded.compose(v -> projects.createIfAbsent(project))
          .map(created -> {
            if (created) {
              LOG.info("created project '" + project.id() + "' from the configuration");
            }
            return null;
          });
    }
    JsonObject auth = config.getJsonObject("auth");
    seeded = seeded.compose(v -> firstAdmin(vertx, auth.getJsonObject("firstAdmin"), agents));
    return demo ? seeded.compose(v -> demoAgent(vertx, auth.getJsonObject("demoAgent"), dataDir, agents)) : seeded;
  }

  /** The account an operator logs in with to create the real ones; its password comes from a Secret. */
  private static Future<Void> firstAdmin(Vertx vertx, JsonObject admin, AgentStore agents) {
    String password = admin.getString("password", "");
    if (password.isBlank()) {
      return Future.succeededFuture();
    }
    if (password.length() < MIN_ADMIN_PASSWORD) {
      return Future.failedFuture(new IllegalArgumentException(
          "auth.firstAdmin.password (TANDEM_AUTH_FIRST_ADMIN_PASSWORD) must have at least " + MIN_ADMIN_PASSWORD + " characters"));
    }
    String username = admin.getString("username");
    return createIfAbsent(vertx, agents, username, admin.getString("name"), () -> {
      // the password comes from a file or a Secret: it must not reach the log
      LOG.info("first admin '" + username + "' created from auth.firstAdmin");
      return password;
    });
  }

  private static Future<Void> demoAgent(Vertx vertx, JsonObject demo, Path dataDir, AgentStore agents) {
    String username = demo.getString("username");
    return createIfAbsent(vertx, agents, username, demo.getString("name"), () -> {
      String password = demo.getString("password", "");
      if (password.isBlank()) {
        password = storedOrNewPassword(dataDir.resolve(PASSWORD_FILE));
        LOG.info("demo agent login: username '" + username + "', password '" + password + "'");
      } else {
        LOG.info("demo agent login: username '" + username + "', password as configured in auth.demoAgent.password");
      }
      return password;
    });
  }

  /** An agent and admin named {@code username}, unless one exists; {@code password} runs (blocking) only to create it. */
  private static Future<Void> createIfAbsent(Vertx vertx, AgentStore agents, String username, String name,
      Supplier<String> password) {
    return agents.find(username)
        .compose(found -> found.isPresent() ? Future.succeededFuture() : vertx.executeBlocking(() -> PasswordHash.of(password.get()))
            .compose(hash -> agents.createIfAbsent(new Agent(username, name,
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
