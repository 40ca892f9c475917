package io.tandem.server.storage;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Path;

/**
 * Where the database is: {@code storage.url} or {@code storage.host} names an external PostgreSQL
 * (in Kubernetes, from a Secret through {@code TANDEM_STORAGE_*}); with neither, the node runs its
 * own embedded PostgreSQL under {@code dataDir/postgres}.
 */
public record StorageSettings(String url, String host, int port, String database, String user, String password, int poolSize,
    long startupWaitMs, int embeddedPort, Path embeddedDir) {

  public static StorageSettings from(JsonObject storage, Path dataDir) {
    JsonObject embedded = storage.getJsonObject("embedded");
    return new StorageSettings(
        storage.getString("url", ""),
        storage.getString("host", ""),
        storage.getInteger("port"),
        storage.getString("database"),
        storage.getString("user"),
        storage.getString("password", ""),
        storage.getInteger("poolSize"),
        storage.getLong("startupWaitMs"),
        embedded.getInteger("port"),
        dataDir.resolve("postgres"));
  }

  public boolean embedded() {
    return url.isBlank() && host.isBlank();
  }

  /** The external database's connect options; only meaningful when not {@link #embedded()}. */
  PgConnectOptions external() {
    if (!url.isBlank()) {
      return PgConnectOptions.fromUri(url);
    }
    return new PgConnectOptions().setHost(host).setPort(port).setDatabase(database).setUser(user).setPassword(password);
  }
}
