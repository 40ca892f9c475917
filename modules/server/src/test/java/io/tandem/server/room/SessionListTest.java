package io.tandem.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A console gets the whole session list once, then only what changed. */
@ExtendWith(VertxExtension.class)
class SessionListTest {

  private static List<String> rooms(JsonArray sessions) {
    return sessions.stream().map(s -> ((JsonObject) s).getString("room")).toList();
  }

  @Test
  void afterTheFullListOnlyChangesArePushed(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir);
    Wire.openTab(node, "session-list01", "tab-list01");
    WireClient second = Wire.openTab(node, "session-list02", "tab-list02");
    WireClient agent = Wire.openAgent(node);
    agent.nextSessionList(list -> list.size() == 2, "both sessions listed");

    Wire.openTab(node, "session-list03", "tab-list03");
    JsonObject added = agent.next("sessionsChanged");
    assertThat(rooms(added.getJsonArray("changed"))).containsExactly("session-list03");
    assertThat(added.getJsonArray("removed")).isEmpty();

    second.close();
    JsonObject removed = agent.next(f -> "sessionsChanged".equals(f.getString("t")) && !f.getJsonArray("removed").isEmpty(), "a removal");
    assertThat(removed.getJsonArray("removed").getList()).containsExactly("session-list02");
    assertThat(agent.nextSessionList(list -> list.size() == 2, "two sessions left"))
        .extracting(s -> s.getString("room")).containsExactly("session-list01", "session-list03");
    assertThat(agent.drained()).noneMatch(f -> "sessions".equals(f.getString("t")));
  }
}
