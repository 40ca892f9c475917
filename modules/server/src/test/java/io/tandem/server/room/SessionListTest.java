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

/** A console gets the window of the list it asked for once whole, then only how it changed. */
@ExtendWith(VertxExtension.class)
class SessionListTest {

  private static List<String> rooms(JsonArray entries) {
    return entries.stream().map(s -> ((JsonObject) s).getString("room")).toList();
  }

  private static JsonObject list(int limit) {
    return WireClient.listFrame(limit);
  }

  @Test
  void aWindowIsSentWholeThenOnlyItsChanges(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir);
    Wire.openTab(node, "session-list01", "tab-list01");
    WireClient second = Wire.openTab(node, "session-list02", "tab-list02");
    WireClient agent = Wire.openAgent(node);
    assertThat(agent.drained()).as("no list before the console asks for one").noneMatch(f -> "listChanged".equals(f.getString("t")));

    agent.send(list(10).put("id", 7));
    JsonObject whole = agent.next("listChanged");
    assertThat(whole.getLong("id")).isEqualTo(7);
    assertThat(whole.getInteger("total")).isEqualTo(2);
    assertThat(rooms(whole.getJsonArray("window"))).containsExactlyInAnyOrder("session-list01", "session-list02");

    Wire.openTab(node, "session-list03", "tab-list03");
    JsonObject added = agent.next("listChanged");
    assertThat(added.containsKey("window")).isFalse();
    assertThat(added.getInteger("total")).isEqualTo(3);
    assertThat(rooms(added.getJsonArray("added"))).containsExactly("session-list03");

    second.close();
    JsonObject changed = agent.next(f -> "listChanged".equals(f.getString("t")) && f.containsKey("changed"), "a changed entry");
    JsonObject delta = changed.getJsonArray("changed").getJsonObject(0);
    assertThat(delta.getString("room")).isEqualTo("session-list02");
    assertThat(delta.fieldNames()).as("only the fields that changed").contains("state", "tabs").doesNotContain("userId", "startedAt", "projectId");
    assertThat(agent.nextSessionList(l -> l.size() == 2, "two sessions left")).extracting(s -> s.getString("room"))
        .containsExactlyInAnyOrder("session-list01", "session-list03");
  }

  @Test
  void changesOutsideASmallWindowCostOnlyTheTotal(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir);
    Wire.openTab(node, "session-small01", "tab-small01");
    Wire.openTab(node, "session-small02", "tab-small02");
    WireClient agent = Wire.openAgent(node);
    agent.send(list(1).put("sort", "oldest"));
    assertThat(rooms(agent.next("listChanged").getJsonArray("window"))).containsExactly("session-small01");

    WireClient third = Wire.openTab(node, "session-small03", "tab-small03");
    JsonObject count = agent.next("listChanged");
    assertThat(count.fieldNames()).containsExactlyInAnyOrder("t", "total");
    assertThat(count.getInteger("total")).isEqualTo(3);

    third.send(new JsonObject().put("t", "page").put("url", "http://127.0.0.1/demo/cart").put("title", "Cart").put("visible", true));
    agent.send(list(1).put("sort", "oldest").put("offset", 2).put("id", 2));
    JsonObject moved = agent.next(f -> "listChanged".equals(f.getString("t")) && f.getLong("id", -1L) == 2, "the window at offset 2");
    assertThat(rooms(moved.getJsonArray("window"))).containsExactly("session-small03");
  }

  @Test
  void theNodeSearchesUserIdsUrlsAndMetadata(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir);
    Wire.openTab(node, "session-find01", "tab-find01");
    WireClient gold = WireClient.tracker(node);
    gold.send(Wire.trackerHello("session-find02", "tab-find02").put("metadata", new JsonObject().put("plan", "Gold"))
        .put("page", new JsonObject().put("url", "https://shop.example/checkout").put("title", "Pay").put("visible", true)));
    gold.next("welcome");
    WireClient agent = Wire.openAgent(node);

    agent.send(list(10).put("search", "USER-session-find01").put("id", 1));
    assertThat(rooms(agent.next("listChanged").getJsonArray("window"))).containsExactly("session-find01");
    agent.send(list(10).put("search", "plan:gold").put("id", 2));
    JsonObject byMetadata = agent.next(f -> f.getLong("id", -1L) == 2, "the metadata search");
    assertThat(rooms(byMetadata.getJsonArray("window"))).containsExactly("session-find02");
    agent.send(list(10).put("search", "/checkout").put("id", 3));
    JsonObject byUrl = agent.next(f -> f.getLong("id", -1L) == 3, "the URL search");
    assertThat(rooms(byUrl.getJsonArray("window"))).containsExactly("session-find02");
    assertThat(byUrl.getInteger("total")).isEqualTo(1);
  }

  @Test
  void aBadListFrameIsRefusedAndDisturbsNothing(Vertx vertx, @TempDir Path dataDir) {
    TestNode node = TestNode.start(vertx, dataDir);
    Wire.openTab(node, "session-bad01", "tab-bad01");
    WireClient agent = Wire.openAgent(node);
    agent.send(list(5));
    agent.next("listChanged");

    agent.send(list(101));
    JsonObject tooLarge = agent.next("error");
    assertThat(tooLarge.getString("code")).isEqualTo("LIST_WINDOW_TOO_LARGE");
    assertThat(tooLarge.getString("message")).contains("at most 100", "limits.maxListWindow");
    agent.send(list(5).put("sort", "sideways"));
    assertThat(agent.next("error").getString("code")).isEqualTo("LIST_INVALID");
    agent.send(new JsonObject().put("t", "list"));
    assertThat(agent.next("error").getString("code")).isEqualTo("LIST_INVALID");
    agent.send(list(5).put("offset", -1));
    assertThat(agent.next("error").getString("code")).isEqualTo("LIST_INVALID");

    // the socket stands, its window is still served and joins still work
    Wire.openTab(node, "session-bad02", "tab-bad02");
    assertThat(rooms(agent.next("listChanged").getJsonArray("added"))).containsExactly("session-bad02");
    agent.send(new JsonObject().put("t", "join").put("room", "session-bad01"));
    assertThat(agent.next("joined").getString("room")).isEqualTo("session-bad01");
    assertThat(agent.closed).isNotDone();
  }
}
