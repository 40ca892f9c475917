package io.tandem.server.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The demo agent from configuration ({@code auth.demoAgent}). Without a configured password a
 * random one is generated on first run, kept in the data directory and printed in the log.
 */
public final class ConfiguredAgents implements AgentAccounts {
  private static final Logger LOG = Logger.getLogger(ConfiguredAgents.class.getName());
  private static final String PASSWORD_FILE = "demo-agent-password";

  private final boolean enabled;
  private final String username;
  private final AgentIdentity identity;
  private final byte[] passwordDigest;

  private ConfiguredAgents(JsonObject demo, String password) {
    this.enabled = demo.getBoolean("enabled", false);
    this.username = demo.getString("username");
    this.identity =
        new AgentIdentity(username, demo.getString("name"), List.of(AgentIdentity.ROLE_AGENT, AgentIdentity.ROLE_ADMIN));
    this.passwordDigest = digest(password);
  }

  /** Blocking: may create the password file. */
  public static ConfiguredAgents load(JsonObject auth, Path dataDir) {
    JsonObject demo = auth.getJsonObject("demoAgent");
    String password = demo.getString("password", "");
    if (password.isBlank()) {
      password = storedOrNewPassword(dataDir.resolve(PASSWORD_FILE));
    }
    ConfiguredAgents agents = new ConfiguredAgents(demo, password);
    if (agents.enabled) {
      LOG.info("demo agent login: username '" + agents.username + "', password '" + password + "'");
    }
    return agents;
  }

  @Override
  public Future<Optional<AgentIdentity>> authenticate(String username, String password) {
    boolean valid = enabled && this.username.equals(username) && MessageDigest.isEqual(passwordDigest, digest(password));
    return Future.succeededFuture(valid ? Optional.of(identity) : Optional.empty());
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

  private static byte[] digest(String password) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
