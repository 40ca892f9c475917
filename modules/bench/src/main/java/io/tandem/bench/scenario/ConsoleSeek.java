package io.tandem.bench.scenario;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The console's side of a seek: how long rrweb's Replayer takes to show a moment in the middle of
 * the buffered minutes, in headless Chromium, as the console's time travel does it (a new
 * Replayer over the tab's history, then {@code pause(t)}). Runs {@code console-seek/seek.mjs};
 * if Chromium or the Node packages it borrows are missing, says so instead of a figure.
 */
final class ConsoleSeek {
  private static final Path SCRIPT = Path.of("modules/bench/console-seek/seek.mjs");
  private static final long LIMIT_SECONDS = 180;

  private ConsoleSeek() {}

  static JsonObject measure(Path events, Path workDir) {
    if (!Files.exists(SCRIPT)) {
      return skipped(SCRIPT + " not found (run from the repository root)");
    }
    try {
      Path log = workDir.resolve("bench-logs").resolve("console-seek.log");
      Files.createDirectories(log.getParent());
      Path result = workDir.resolve("console-seek.json");
      Process node = new ProcessBuilder(List.of("node", SCRIPT.toString(), events.toString()))
          .redirectError(log.toFile()).redirectOutput(result.toFile()).start();
      if (!node.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
        node.destroyForcibly();
        return skipped("seek.mjs did not finish within " + LIMIT_SECONDS + " s");
      }
      String out = Files.readString(result).trim();
      if (node.exitValue() != 0) {
        return skipped("seek.mjs exited with " + node.exitValue() + ": " + out + " (see " + log + ")");
      }
      return new JsonObject(out.substring(out.lastIndexOf('\n') + 1));
    } catch (IOException | DecodeException e) {
      return skipped(String.valueOf(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return skipped("interrupted");
    }
  }

  private static JsonObject skipped(String why) {
    return new JsonObject().put("notMeasured", why);
  }
}
