package io.tandem.bench.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JVM target spent its CPU, from its flight recording: the methods on top of the stack
 * most often (self time), and the Tandem methods found anywhere on the stack (total time).
 */
public final class Profile {
  private static final int TOP = 15;

  private Profile() {}

  public static JsonObject of(Path jfr) {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    int samples = 0;
    try {
      for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
        if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null) {
          continue;
        }
        List<RecordedFrame> frames = event.getStackTrace().getFrames();
        if (frames.isEmpty()) {
          continue;
        }
        samples++;
        self.merge(name(frames.get(0)), 1, Integer::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame frame : frames) {
          String name = name(frame);
          if (name.startsWith("io.tandem.") && seen.add(name)) {
            total.merge(name, 1, Integer::sum);
          }
        }
      }
    } catch (IOException e) {
      return new JsonObject().put("error", "could not read " + jfr + ": " + e.getMessage());
    }
    return new JsonObject().put("file", jfr.toString()).put("samples", samples)
        .put("topSelf", top(self, samples)).put("topTandemTotal", top(total, samples));
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static JsonArray top(Map<String, Integer> counts, int samples) {
    JsonArray out = new JsonArray();
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(TOP)
        .forEach(e -> out.add(new JsonObject().put("method", e.getKey())
            .put("percent", Math.round(1000.0 * e.getValue() / Math.max(1, samples)) / 10.0)));
    return out;
  }

  /** A markdown list of the top methods, for the report. */
  public static String markdown(String title, JsonObject profile) {
    StringBuilder out = new StringBuilder("**").append(title).append("** (").append(profile.getInteger("samples", 0))
        .append(" CPU samples)\n\n| self % | method |\n|---:|---|\n");
    for (Object entry : profile.getJsonArray("topSelf", new JsonArray())) {
      JsonObject e = (JsonObject) entry;
      out.append("| ").append(e.getDouble("percent")).append(" | `").append(e.getString("method")).append("` |\n");
    }
    JsonArray tandem = profile.getJsonArray("topTandemTotal", new JsonArray());
    if (!tandem.isEmpty()) {
      out.append("\n| total % | Tandem method on the stack |\n|---:|---|\n");
      for (Object entry : tandem) {
        JsonObject e = (JsonObject) entry;
        out.append("| ").append(e.getDouble("percent")).append(" | `").append(e.getString("method")).append("` |\n");
      }
    }
    return out.append('\n').toString();
  }
}
