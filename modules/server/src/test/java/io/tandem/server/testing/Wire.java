package io.tandem.server.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/** Frames and steps that many tests share. */
public final class Wire {
  private Wire() {}

  /** The hello of a tab of the browser session that started {@code sessionId} (it holds the secret). */
  public static JsonObject trackerHello(String sessionId, String tabId) {
    return new JsonObject()
        .put("t", "hello").put("v", 1).put("projectKey", TestNode.PROJECT_KEY)
        .put("sessionId", sessionId).put("sessionSecret", secretOf(sessionId)).put("tabId", tabId).put("userId", "user-" + sessionId)
        .put("page", new JsonObject().put("url", "http://127.0.0.1/demo/").put("title", "Demo").put("visible", true));
  }

  /** The secret the tests' browser session keeps for {@code sessionId}; anyone else does not know it. */
  public static String secretOf(String sessionId) {
    return "secret-of-" + sessionId + "-kept-in-the-browser";
  }

  public static JsonObject batch(long seq, boolean snapshot, int events) {
    JsonArray d = new JsonArray();
    for (int i = 0; i < events; i++) {
      d.add(new JsonObject().put("type", snapshot && i == 0 ? 2 : 3).put("timestamp", seq * 1000 + i).put("data", new JsonObject().put("n", seq + ":" + i)));
    }
    return new JsonObject().put("t", "events").put("seq", seq).put("snapshot", snapshot).put("d", d);
  }

  /** An incremental batch of one event carrying {@code textBytes} of text, as a large page's mutation would. */
  public static JsonObject paddedBatch(long seq, int textBytes) {
    JsonObject batch = batch(seq, false, 1);
    batch.getJsonArray("d").getJsonObject(0).getJsonObject("data").put("text", "x".repeat(textBytes));
    return batch;
  }

  /** An agent's finished stroke on the user's tab: relayed only under a live annotate (or control) grant. */
  public static JsonObject stroke(String room, String tab) {
    JsonArray points = new JsonArray().add(new JsonArray().add(10).add(10)).add(new JsonArray().add(20).add(15)).add(new JsonArray().add(30).add(30));
    return new JsonObject().put("t", "annotate").put("room", room).put("tab", tab)
        .put("stroke", new JsonObject().put("id", "s1").put("points", points).put("color", "#e11d48").put("width", 4));
  }

  /** Connects a tracker tab and waits for its welcome. */
  public static WireClient openTab(TestNode node, String sessionId, String tabId) {
    WireClient tracker = WireClient.tracker(node);
    tracker.send(trackerHello(sessionId, tabId));
    tracker.next("welcome");
    return tracker;
  }

  public static String login(TestNode node) {
    WebClient client = WebClient.create(node.vertx);
    try {
      var response = TestNode.await(client.post(node.port, "127.0.0.1", "/api/auth/login")
          .sendJsonObject(new JsonObject().put("username", "demo").put("password", TestNode.AGENT_PASSWORD)));
      return response.bodyAsJsonObject().getString("token");
    } finally {
      client.close();
    }
  }

  /** Connects an agent, says hello with a fresh token and waits for its welcome. */
  public static WireClient openAgent(TestNode node) {
    // logged in before the socket opens: a slow login must not run into the node's hello timeout
    return openAgent(node, login(node));
  }

  /** Connects an agent, says hello with {@code token} and waits for its welcome. */
  public static WireClient openAgent(TestNode node, String token) {
    WireClient agent = saidHello(node, token);
    agent.next("welcome");
    return agent;
  }

  /** What an agent's hello with {@code token} is answered: {@code welcome}, or the error's code. */
  public static String helloAnswer(TestNode node, String token) {
    WireClient agent = saidHello(node, token);
    JsonObject first = agent.next();
    agent.close();
    return "error".equals(first.getString("t")) ? first.getString("code") : first.getString("t");
  }

  private static WireClient saidHello(TestNode node, String token) {
    WireClient agent = WireClient.agent(node);
    agent.send(new JsonObject().put("t", "hello").put("v", 1).put("token", token));
    return agent;
  }

}
