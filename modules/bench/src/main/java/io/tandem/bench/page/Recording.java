package io.tandem.bench.page;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An rrweb event stream a tracker replays: the Meta and FullSnapshot events it sends when asked
 * for a snapshot, and the incremental events it cycles through afterwards. Events are kept
 * serialised, so replaying costs the generator a string concatenation, not a JSON encoding.
 */
public final class Recording {
  public static final String BUILT_IN = "recording/shop-page.json";

  private final String source;
  private final String meta;
  private final String fullSnapshot;
  private final JsonObject fullSnapshotTree;
  private final List<String> incremental;

  private Recording(String source, String meta, JsonObject fullSnapshotTree, List<String> incremental) {
    this.source = source;
    this.meta = meta;
    this.fullSnapshotTree = fullSnapshotTree;
    this.fullSnapshot = fullSnapshotTree.encode();
    this.incremental = incremental;
  }

  public static Recording load(Path file) {
    try {
      return parse(file.toString(), Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Recording builtIn() {
    try (InputStream in = Recording.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("resource " + BUILT_IN + " is missing from the bench jar");
      }
      return parse(BUILT_IN, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Recording parse(String source, String json) {
    JsonObject root = new JsonObject(json);
    List<String> incremental = new ArrayList<>();
    for (Object event : root.getJsonArray("incremental")) {
      incremental.add(((JsonObject) event).encode());
    }
    if (incremental.isEmpty()) {
      throw new IllegalArgumentException(source + " has no incremental events to replay");
    }
    return new Recording(source, root.getJsonObject("meta").encode(), root.getJsonObject("fullSnapshot"), incremental);
  }

  public String source() {
    return source;
  }

  /** The Meta and FullSnapshot events, comma-separated, ready to splice into a JSON array. */
  public String snapshotEvents() {
    return meta + "," + fullSnapshot;
  }

  public String incremental(long index) {
    return incremental.get((int) (index % incremental.size()));
  }

  public int incrementalCount() {
    return incremental.size();
  }

  /** Page time of the recording's Meta event, where it starts. */
  public long metaTimestamp() {
    return new JsonObject(meta).getLong("timestamp");
  }

  /** The Meta and FullSnapshot events stamped with {@code timestampMillis}, comma-separated. */
  String snapshotEventsAt(long timestampMillis) {
    JsonObject stampedMeta = new JsonObject(meta).put("timestamp", timestampMillis);
    return stampedMeta.encode() + "," + fullSnapshotTree.copy().put("timestamp", timestampMillis).encode();
  }

  /** Incremental event {@code index} (cycled), as an object to restamp. */
  JsonObject incrementalEvent(long index) {
    return new JsonObject(incremental(index));
  }

  public int snapshotBytes() {
    return snapshotEvents().length();
  }

  /**
   * The same page grown to at least {@code targetBytes} of snapshot by appending copies of its
   * body's content with fresh node ids: a long page, as a large catalogue or a chat history is.
   */
  public Recording withSnapshotOf(int targetBytes) {
    JsonObject tree = fullSnapshotTree.copy();
    JsonObject html = lastChild(tree.getJsonObject("data").getJsonObject("node"));
    JsonObject body = lastChild(html);
    JsonArray original = body.getJsonArray("childNodes").copy();
    long[] nextId = {maxId(tree) + 1};
    int size = tree.encode().length();
    int rounds = 0;
    while (size < targetBytes && rounds < 100_000) {
      JsonObject copy = new JsonObject().put("type", 2).put("tagName", "section")
          .put("attributes", new JsonObject().put("class", "more")).put("childNodes", renumber(original.copy(), nextId))
          .put("id", nextId[0]++);
      body.getJsonArray("childNodes").add(copy);
      size += copy.encode().length() + 1;
      rounds++;
    }
    return new Recording(source + " grown to " + targetBytes + " bytes", meta, tree, incremental);
  }

  private static JsonObject lastChild(JsonObject node) {
    JsonArray children = node.getJsonArray("childNodes");
    return children.getJsonObject(children.size() - 1);
  }

  private static JsonArray renumber(JsonArray nodes, long[] nextId) {
    for (Object child : nodes) {
      JsonObject node = (JsonObject) child;
      node.put("id", nextId[0]++);
      if (node.containsKey("childNodes")) {
        renumber(node.getJsonArray("childNodes"), nextId);
      }
    }
    return nodes;
  }

  private static long maxId(JsonObject event) {
    return maxIdOf(event.getJsonObject("data").getJsonObject("node"));
  }

  private static long maxIdOf(JsonObject node) {
    long max = node.getLong("id", 0L);
    JsonArray children = node.getJsonArray("childNodes");
    if (children != null) {
      for (Object child : children) {
        max = Math.max(max, maxIdOf((JsonObject) child));
      }
    }
    return max;
  }
}
