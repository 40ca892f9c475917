package io.tandem.server.sessionlist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.protocol.ListRequest;
import io.tandem.protocol.ListSort;
import io.tandem.protocol.SessionSummary;
import io.tandem.server.auth.AgentIdentity;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The window and its deltas as plain objects: no node, no socket. */
class ListWindowTest {
  private static final AgentIdentity DEMO = new AgentIdentity("ann", "Ann", List.of(AgentIdentity.ROLE_AGENT), Set.of("demo"));
  private static final AgentIdentity ADMIN = new AgentIdentity("root", "Root", List.of(AgentIdentity.ROLE_ADMIN), Set.of());

  private static SessionSummary session(int n, String project) {
    return new SessionSummary(String.format("room-%03d", n), project, "user-" + n, Map.of("plan", n % 10 == 0 ? "gold" : "basic"), 1_000L + n,
        "idle", List.of(new SessionSummary.Tab("tab-" + n, "https://shop.example/item/" + n, "Item " + n, true, true)), List.of());
  }

  private static SessionSummary streaming(SessionSummary s) {
    return new SessionSummary(s.room(), s.projectId(), s.userId(), s.metadata(), s.startedAt(), "streaming", s.tabs(), s.agents());
  }

  private static List<SessionSummary> sessions(int count) {
    return new ArrayList<>(IntStream.range(0, count).mapToObj(n -> session(n, n % 5 == 4 ? "other" : "demo")).toList());
  }

  private static ListRequest request(String search, ListSort sort, int offset, int limit) {
    return new ListRequest(0, search, null, sort, offset, limit);
  }

  private static JsonObject frame(Optional<byte[]> bytes) {
    return new JsonObject(new String(bytes.orElseThrow(), StandardCharsets.UTF_8));
  }

  private static List<String> rooms(JsonObject frame, String field) {
    return frame.getJsonArray(field).stream().map(e -> ((JsonObject) e).getString("room")).toList();
  }

  @Test
  void aWindowShowsOnePageOfWhatTheAgentMaySee() {
    ListWindow window = new ListWindow(request("", ListSort.NEWEST, 2, 3));
    JsonObject whole = frame(window.next(new ListView(sessions(20)), DEMO));
    assertThat(whole.getInteger("total")).as("the 16 sessions of project demo").isEqualTo(16);
    assertThat(rooms(whole, "window")).containsExactly("room-016", "room-015", "room-013");

    JsonObject everything = frame(new ListWindow(request("", ListSort.OLDEST, 0, 2)).next(new ListView(sessions(20)), ADMIN));
    assertThat(everything.getInteger("total")).isEqualTo(20);
    assertThat(rooms(everything, "window")).containsExactly("room-000", "room-001");
  }

  @Test
  void nothingChangedSendsNothingAndAChangeOutsideSendsOnlyTheTotal() {
    List<SessionSummary> list = sessions(50);
    ListWindow window = new ListWindow(request("", ListSort.OLDEST, 0, 5));
    window.next(new ListView(list), ADMIN);
    assertThat(window.next(new ListView(List.copyOf(list)), ADMIN)).isEmpty();

    list.set(30, streaming(session(30, "demo")));
    list.add(session(99, "demo"));
    JsonObject count = frame(window.next(new ListView(list), ADMIN));
    assertThat(count.fieldNames()).containsExactlyInAnyOrder("t", "total");
    assertThat(count.getInteger("total")).isEqualTo(51);
  }

  @Test
  void aChangeInsideSendsOnlyTheChangedFieldsAndEntriesComingAndGoing() {
    List<SessionSummary> list = sessions(10);
    ListWindow window = new ListWindow(request("", ListSort.NEWEST, 0, 3));
    window.next(new ListView(list), ADMIN);

    list.set(8, streaming(session(8, "demo")));
    list.add(session(10, "demo"));
    JsonObject delta = frame(window.next(new ListView(list), ADMIN));
    assertThat(delta.getInteger("total")).isEqualTo(11);
    assertThat(rooms(delta, "added")).containsExactly("room-010");
    assertThat(delta.getJsonArray("removed").getList()).containsExactly("room-007");
    assertThat(delta.getJsonArray("changed").getList()).hasSize(1);
    assertThat(delta.getJsonArray("changed").getJsonObject(0).getMap()).containsOnlyKeys("room", "state").containsEntry("state", "streaming");
  }

  @Test
  void aNewRequestGetsItsWindowWholeWithItsId() {
    ListWindow window = new ListWindow(request("", ListSort.NEWEST, 0, 3));
    ListView view = new ListView(sessions(30));
    window.next(view, ADMIN);
    window.ask(new ListRequest(42, "gold", null, ListSort.NEWEST, 0, 10));
    assertThat(window.owed()).isTrue();
    JsonObject whole = frame(window.next(view, ADMIN));
    assertThat(whole.getLong("id")).isEqualTo(42);
    assertThat(rooms(whole, "window")).containsExactly("room-020", "room-010", "room-000");
    assertThat(window.owed()).isFalse();
  }

  @Test
  void searchesMatchUserUrlAndMetadataAndTheSortByUserPutsSessionsWithoutOneLast() {
    List<SessionSummary> list = sessions(30);
    list.add(new SessionSummary("room-anon", "demo", null, Map.of(), 5, "idle", List.of(), List.of()));
    ListView view = new ListView(list);
    assertThat(rooms(frame(new ListWindow(request("user-7", ListSort.NEWEST, 0, 10)).next(view, ADMIN)), "window")).containsExactly("room-007");
    assertThat(rooms(frame(new ListWindow(request("item/21", ListSort.NEWEST, 0, 10)).next(view, ADMIN)), "window")).containsExactly("room-021");
    JsonObject byUser = frame(new ListWindow(request("", ListSort.USER, 29, 5)).next(view, ADMIN));
    assertThat(rooms(byUser, "window")).containsExactly("room-009", "room-anon");
  }

  @Test
  void agentsAskingTheSameWindowShareOneFrame() {
    ListView first = new ListView(sessions(40));
    List<ListWindow> windows = IntStream.range(0, 3).mapToObj(i -> new ListWindow(request("", ListSort.NEWEST, 0, 5))).toList();
    windows.forEach(w -> w.next(first, DEMO));
    List<SessionSummary> changed = sessions(41);
    ListView second = new ListView(changed);
    List<byte[]> frames = windows.stream().map(w -> w.next(second, DEMO).orElseThrow()).toList();
    assertThat(frames).allMatch(f -> f == frames.get(0));
  }
}
