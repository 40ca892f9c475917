package io.tandem.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tandem.server.auth.AgentTokens;
import io.tandem.server.auth.ConfiguredAgents;
import io.tandem.server.auth.LoginHandler;
import io.tandem.server.auth.Projects;
import io.tandem.server.auth.SigningKeys;
import io.tandem.server.config.ConfigLoader;
import io.tandem.server.config.TandemConfig;
import io.tandem.server.gateway.GatewayVerticle;
import io.tandem.server.gateway.TrafficMetrics;
import io.tandem.server.room.LocalRoomDirectory;
import io.tandem.server.room.RoomVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.logging.Logger;

/** Starts one Tandem node on a Vert.x instance: configuration, auth, rooms, gateways. */
public final class Node {
  private static final Logger LOG = Logger.getLogger(Node.class.getName());

  private Node() {}

  /** A started node: its configuration, with the HTTP port it listens on. */
  public record Started(TandemConfig config) {}

  public static Future<Started> start(Vertx vertx, PrometheusMeterRegistry registry, JsonObject overrides) {
    return ConfigLoader.load(vertx, overrides)
        .map(json -> TandemConfig.from(withNodeId(json)))
        .compose(config -> vertx.executeBlocking(() -> new Secrets(
                SigningKeys.load(config.auth(), config.dataDir()), ConfiguredAgents.load(config.auth(), config.dataDir())))
            .compose(secrets -> deploy(vertx, registry, config, secrets)));
  }

  private record Secrets(SigningKeys keys, ConfiguredAgents agents) {}

  private static Future<Started> deploy(Vertx vertx, PrometheusMeterRegistry registry, TandemConfig config, Secrets secrets) {
    RoomVerticle roomVerticle = new RoomVerticle(config, new LocalRoomDirectory(), registry);
    AgentTokens tokens =
        new AgentTokens(vertx, secrets.keys(), config.auth().getString("issuer"), config.auth().getLong("tokenTtlSeconds"));
    LoginHandler login = new LoginHandler(secrets.agents(), tokens);
    Projects projects = Projects.fromConfig(config.raw().getJsonArray("projects"));
    TrafficMetrics metrics = new TrafficMetrics(registry);
    return vertx.deployVerticle(roomVerticle)
        .compose(id -> vertx.deployVerticle(
            () -> new GatewayVerticle(config, roomVerticle.rooms(), projects, login, tokens, metrics, registry),
            new DeploymentOptions().setInstances(config.httpInstances())))
        .map(id -> {
          LOG.info("Tandem node " + config.nodeId() + " listening on http://localhost:" + config.httpPort()
              + " (console /console/, demo /demo/)");
          return new Started(config);
        });
  }

  private static JsonObject withNodeId(JsonObject json) {
    JsonObject node = json.getJsonObject("node");
    if (node.getString("id", "").isBlank()) {
      node.put("id", UUID.randomUUID().toString());
    }
    return json;
  }
}
