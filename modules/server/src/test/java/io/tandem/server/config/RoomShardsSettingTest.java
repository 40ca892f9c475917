package io.tandem.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code rooms.shards}: how many contexts a node's rooms run on. */
class RoomShardsSettingTest {

  private static JsonObject defaultsWithShards(int shards) throws IOException {
    try (InputStream in = TandemConfig.class.getResourceAsStream("/tandem-defaults.json")) {
      JsonObject json = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      json.getJsonObject("rooms").put("shards", shards);
      return json;
    }
  }

  @Test
  void theDefaultIsOneShardPerCore() throws IOException {
    assertThat(TandemConfig.from(defaultsWithShards(0)).roomShards()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void aGivenCountIsKept() throws IOException {
    assertThat(TandemConfig.from(defaultsWithShards(3)).roomShards()).isEqualTo(3);
  }

  @Test
  void aCountOutOfRangeIsRefusedNamingTheKey() throws IOException {
    JsonObject negative = defaultsWithShards(-1);
    JsonObject huge = defaultsWithShards(TandemConfig.MAX_ROOM_SHARDS + 1);

    assertThatThrownBy(() -> TandemConfig.from(negative)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rooms.shards is -1");
    assertThatThrownBy(() -> TandemConfig.from(huge)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rooms.shards is " + (TandemConfig.MAX_ROOM_SHARDS + 1));
  }
}
