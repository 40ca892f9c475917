package io.tandem.bench.scenario;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the bench's Node scripts (headless Chromium through playwright-core) and reads the
 * JSON line it prints last. If the script, Chromium or the Node packages it borrows are missing,
 * or it fails, the figure says so instead of a number: {@code {"notMeasured": "why"}}.
 */
final class NodeScript {
  private NodeScript() {}

  static JsonObject run(Path script, List<String> args, Path workDir, String name, Duration limit) {
    if (!Files.exists(script)) {
      return skipped(script + " not found (run from the repository root)");
    }
    try {
      Path log = workDir.resolve("bench-logs").resolve(name + ".log");
      Files.createDirectories(log.getParent());
      Path result = workDir.resolve(name + ".json");
      List<String> command = new ArrayList<>(List.of("node", script.toString()));
      command.addAll(args);
      Process node = new ProcessBuilder(command).redirectError(log.toFile()).redirectOutput(result.toFile()).start();
      if (!node.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        node.destroyForcibly();
        return skipped(script.getFileName() + " did not finish within " + limit.toSeconds() + " s (see " + log + ")");
      }
      String out = Files.readString(result).trim();
      if (node.exitValue() != 0) {
        return skipped(script.getFileName() + " exited with " + node.exitValue() + ": " + out + " (see " + log + ")");
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
