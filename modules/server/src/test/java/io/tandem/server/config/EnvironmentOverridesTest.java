package io.tandem.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class EnvironmentOverridesTest {

  @Test
  void namesFollowTheNestedKeys() {
    assertThat(EnvironmentOverrides.envName("limits.maxAgentsPerRoom")).isEqualTo("LIMITS_MAX_AGENTS_PER_ROOM");
    assertThat(EnvironmentOverrides.envName("http.port")).isEqualTo("HTTP_PORT");
  }

  @Test
  void overridesKnownKeysWithTheirTypesAndIgnoresTheRest() {
    JsonObject config = new JsonObject().put("http", new JsonObject().put("port", 8080).put("host", "0.0.0.0"));
    JsonObject environment = new JsonObject().put("TANDEM_HTTP_PORT", "9090").put("TANDEM_HTTP_NOPE", "1").put("PATH", "/bin");

    JsonObject result = EnvironmentOverrides.apply(config, environment);

    assertThat(result.getJsonObject("http").getValue("port")).isEqualTo(9090L);
    assertThat(result.getJsonObject("http").getString("host")).isEqualTo("0.0.0.0");
    assertThat(result.fieldNames()).containsExactly("http");
  }

  @Test
  void aBadNumberSaysWhichVariable() {
    JsonObject config = new JsonObject().put("http", new JsonObject().put("port", 8080));
    assertThatThrownBy(() -> EnvironmentOverrides.apply(config, new JsonObject().put("TANDEM_HTTP_PORT", "eighty")))
        .hasMessageContaining("TANDEM_HTTP_PORT");
  }
}
