package io.tandem.bench.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;

/**
 * Valid frames of every type each endpoint takes (docs/protocol.md), for one socket: the hello it
 * opens with, then frames drawn at random that a correct peer could send. The fuzzer mutates them.
 */
final class FrameGrammar {
  enum Endpoint { TRACKER, AGENT }

  private static final String PROJECT_KEY = "demo-key";
  private static final String AGENT_ID = "demo";
  private static final List<String> KINDS = List.of("call", "control", "annotate", "record");
  /** The node's {@code limits.maxListWindow} by default: a list window of more is refused with LIST_WINDOW_TOO_LARGE. */
  private static final int MAX_LIST_WINDOW = 100;

  final Endpoint endpoint;
  private final Random random;
  private final List<String> sessions;
  private final String session;
  private final String tab;
  private final String token;
  private long seq;

  /** {@code sessions} are the fuzzer's own rooms; a tracker speaks for one of them, an agent names them. */
  FrameGrammar(Endpoint endpoint, Random random, List<String> sessions, String token) {
    this.endpoint = endpoint;
    this.random = random;
    this.sessions = sessions;
    this.session = sessions.get(random.nextInt(sessions.size()));
    this.tab = "fuzz-tab-" + Long.toHexString(random.nextLong());
    this.token = token;
  }

  JsonObject hello() {
    return endpoint == Endpoint.AGENT
        ? frame("hello").put("v", 1).put("token", token)
        : frame("hello").put("v", 1).put("projectKey", PROJECT_KEY).put("sessionId", session).put("sessionSecret", secretOf(session))
            .put("tabId", tab).put("page", page()).put("userId", "fuzz-user").put("metadata", new JsonObject().put("plan", "fuzz"));
  }

  /** The secret the fuzzer keeps for each of its sessions, so a resumed session proves itself. */
  static String secretOf(String session) {
    return "fuzz-secret-of-" + session;
  }

  JsonObject next() {
    return endpoint == Endpoint.AGENT ? agentFrame() : trackerFrame();
  }

  private JsonObject trackerFrame() {
    return switch (random.nextInt(7)) {
      case 0 -> frame("page").mergeIn(page());
      case 1 -> frame("heartbeat");
      case 2 -> frame("supportCode");
      case 3 -> frame("consent").put("agent", AGENT_ID).put("kind", kind()).put("action", pick("accept", "decline", "end"));
      case 4 -> frame("signal").put("to", AGENT_ID).put("data", new JsonObject().put("channel", "canvas").put("tab", tab));
      default -> events();
    };
  }

  private JsonObject events() {
    seq++;
    boolean snapshot = seq == 1 || random.nextInt(50) == 0;
    JsonArray d = new JsonArray();
    if (snapshot) {
      d.add(new JsonObject().put("type", 4).put("data", new JsonObject().put("href", "https://shop.example/").put("width", 1280).put("height", 800))
          .put("timestamp", System.currentTimeMillis()));
      d.add(new JsonObject().put("type", 2).put("data", new JsonObject().put("node", new JsonObject().put("type", 0).put("id", 1)
          .put("childNodes", new JsonArray()))).put("timestamp", System.currentTimeMillis()));
    }
    d.add(new JsonObject().put("type", 3).put("data", new JsonObject().put("source", 1).put("positions",
        new JsonArray().add(new JsonObject().put("x", random.nextInt(1280)).put("y", random.nextInt(800)).put("id", 1).put("timeOffset", 0))))
        .put("timestamp", System.currentTimeMillis()));
    return frame("events").put("seq", seq).put("snapshot", snapshot).put("d", d);
  }

  private JsonObject agentFrame() {
    String room = sessions.get(random.nextInt(sessions.size()));
    return switch (random.nextInt(11)) {
      case 0 -> frame("join").put("room", room);
      case 1 -> frame("leave").put("room", room);
      case 2 -> frame("refresh").put("token", token);
      case 3 -> frame("redeem").put("code", String.format("%06d", random.nextInt(1_000_000)));
      case 4 -> frame("consent").put("room", room).put("kind", kind()).put("action", pick("request", "end"));
      case 5 -> frame("control").put("room", room).put("tab", tab).put("action", "click").put("x", random.nextInt(1280)).put("y", random.nextInt(800));
      case 6 -> frame("annotate").put("room", room).put("tab", tab).put("stroke", new JsonObject().put("id", "s1")
          .put("points", new JsonArray().add(new JsonArray().add(1).add(2))).put("color", "#e11").put("width", 4)).put("done", true);
      case 7 -> frame("signal").put("room", room).put("to", "user").put("data", new JsonObject().put("candidate", "fuzz"));
      case 8 -> list();
      case 9 -> frame("heartbeat");
      default -> frame("join").put("room", room).put("since", new JsonObject().put(tab, random.nextInt(1_000)));
    };
  }

  /**
   * A session list window ({@code ListRequest}): any mix of its optional fields, and one time in four
   * a field out of its range, which the node refuses without closing (LIST_INVALID,
   * LIST_WINDOW_TOO_LARGE) and keeps the socket's window as it was.
   */
  private JsonObject list() {
    JsonObject list = frame("list").put("id", random.nextInt(1_000)).put("limit", 1 + random.nextInt(MAX_LIST_WINDOW));
    if (random.nextBoolean()) {
      list.put("search", pick("fuzz", "shop.example/item", "plan:fuzz", "", "ZZZ-no-match"));
    }
    if (random.nextBoolean()) {
      list.put("sort", pick("newest", "oldest", "user"));
    }
    if (random.nextBoolean()) {
      list.put("offset", random.nextInt(200));
    }
    if (random.nextBoolean()) {
      list.put("project", pick("demo", "no-such-project"));
    }
    return random.nextInt(4) == 0 ? outOfRange(list) : list;
  }

  private JsonObject outOfRange(JsonObject list) {
    return switch (random.nextInt(8)) {
      case 0 -> list.put("limit", MAX_LIST_WINDOW + 1 + random.nextInt(1_000_000));
      case 1 -> list.put("limit", random.nextBoolean() ? 0 : -1);
      case 2 -> {
        list.remove("limit");
        yield list;
      }
      case 3 -> list.put("sort", "sideways");
      case 4 -> list.put("offset", -1 - random.nextInt(1_000));
      case 5 -> list.put("search", random.nextInt(100));
      case 6 -> list.put("project", new JsonArray().add("demo"));
      default -> list.put("id", 1.5);
    };
  }

  /** A frame of the other endpoint, as a peer that mixed them up would send. */
  JsonObject otherEndpoints() {
    return endpoint == Endpoint.AGENT ? frame("events").put("seq", 1).put("snapshot", true).put("d", new JsonArray())
        : frame("join").put("room", session);
  }

  private JsonObject page() {
    return new JsonObject().put("url", "https://shop.example/item/" + random.nextInt(1000)).put("title", "Item").put("visible", random.nextBoolean());
  }

  private String kind() {
    return KINDS.get(random.nextInt(KINDS.size()));
  }

  private String pick(String... values) {
    return values[random.nextInt(values.length)];
  }

  private static JsonObject frame(String type) {
    return new JsonObject().put("t", type);
  }
}
