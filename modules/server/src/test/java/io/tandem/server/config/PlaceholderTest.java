package io.tandem.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tandem.server.Node;
import io.tandem.server.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A node whose configuration still holds a placeholder of k8s/secret.yaml refuses to start, and says which key. */
@ExtendWith(VertxExtension.class)
class PlaceholderTest {

  @Test
  void aSecretLeftAtItsPlaceholderStopsTheNodeNamingTheKey(Vertx vertx, @TempDir Path dataDir) throws Exception {
    // as k8s/secret.yaml has it, reaching the node as TANDEM_AUTH_PRIVATE_KEY_PEM
    String placeholder = "-----BEGIN PRIVATE KEY-----\nREPLACE-ME: PKCS#8 RSA private key (openssl genpkey, above)\n-----END PRIVATE KEY-----\n";
    JsonObject config = new JsonObject()
        .put("dataDir", dataDir.toString())
        .put("auth", new JsonObject().put("privateKeyPem", placeholder));

    assertThatThrownBy(() -> TestNode.await(Node.start(vertx, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), config)))
        .hasMessageContaining("auth.privateKeyPem")
        .hasMessageContaining("TANDEM_AUTH_PRIVATE_KEY_PEM")
        .hasMessageContaining("REPLACE-ME");
    assertThat(Files.list(dataDir)).as("nothing was started: no keys, no database").isEmpty();
  }

  @Test
  void anyKeyIsChecked(Vertx vertx) {
    JsonObject config = new JsonObject().put("turn", new JsonObject().put("secret", "REPLACE-ME"));
    assertThatThrownBy(() -> TestNode.await(ConfigLoader.load(vertx, config)))
        .hasMessageContaining("turn.secret (TANDEM_TURN_SECRET)");
    assertThat(TestNode.await(ConfigLoader.load(vertx, new JsonObject().put("turn", new JsonObject().put("secret", "a-real-secret"))))
        .getJsonObject("turn").getString("secret")).isEqualTo("a-real-secret");
  }
}
