package io.tandem.server.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the node's configuration: built-in defaults, then a JSON file ({@code TANDEM_CONFIG}, or
 * {@code tandem.json} in the working directory if present), then {@code TANDEM_*} environment
 * variables, then the overrides a caller passes (tests use these). A value that is still a
 * placeholder of the Kubernetes Secret fails the load, naming its key.
 */
public final class ConfigLoader {
  private static final String DEFAULTS = "tandem-defaults.json";

  private ConfigLoader() {}

  public static Future<JsonObject> load(Vertx vertx, JsonObject overrides) {
    ConfigRetrieverOptions options =
        new ConfigRetrieverOptions()
            .setScanPeriod(0)
            .setIncludeDefaultStores(false)
            .addStore(new ConfigStoreOptions().setType("file").setFormat("json").setConfig(new JsonObject().put("path", DEFAULTS)));
    configFile().ifPresent(path -> options.addStore(fileStore(path)));
    Future<JsonObject> files = retrieve(vertx, options);
    Future<JsonObject> environment =
        retrieve(vertx, new ConfigRetrieverOptions().setScanPeriod(0).setIncludeDefaultStores(false).addStore(new ConfigStoreOptions().setType("env")));
    return Future.all(files, environment)
        .map(done -> Placeholders.refuse(EnvironmentOverrides.apply(files.result(), environment.result()).mergeIn(overrides, true)));
  }

  private static Future<JsonObject> retrieve(Vertx vertx, ConfigRetrieverOptions options) {
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig().onComplete(done -> retriever.close());
  }

  private static Optional<String> configFile() {
    String explicit = System.getenv("TANDEM_CONFIG");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(explicit);
    }
    return Files.exists(Path.of("tandem.json")) ? Optional.of("tandem.json") : Optional.empty();
  }

  private static ConfigStoreOptions fileStore(String path) {
    return new ConfigStoreOptions().setType("file").setFormat("json").setConfig(new JsonObject().put("path", path));
  }
}
