package io.tandem.server.admin;

import io.tandem.server.Node;
import io.tandem.server.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** A {@link TestNode} with an HTTP client for the REST API. */
public final class ApiNode {
  public final int port;
  public final Node.Started started;
  public final Path dataDir;
  public final Http http;
  public final TestNode node;

  private ApiNode(Vertx vertx, TestNode node) {
    this.node = node;
    this.port = node.port;
    this.started = node.started;
    this.dataDir = node.dataDir;
    this.http = new Http(vertx, port);
  }

  public static ApiNode start(Vertx vertx, Path dataDir) {
    return start(vertx, dataDir, new JsonObject());
  }

  public static ApiNode start(Vertx vertx, Path dataDir, JsonObject extra) {
    return new ApiNode(vertx, TestNode.start(vertx, dataDir, extra));
  }

  /** See {@link TestNode#withOwnDatabase}. */
  public static ApiNode withOwnDatabase(Vertx vertx, Path dataDir) {
    return withOwnDatabase(vertx, dataDir, new JsonObject());
  }

  public static ApiNode withOwnDatabase(Vertx vertx, Path dataDir, JsonObject extra) {
    return new ApiNode(vertx, TestNode.withOwnDatabase(vertx, dataDir, extra));
  }
}
