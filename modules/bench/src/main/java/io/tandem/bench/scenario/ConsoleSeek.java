package io.tandem.bench.scenario;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The console's side of a seek: how long rrweb's Replayer takes to show a moment in the middle of
 * the buffered minutes, in headless Chromium, as the console's time travel does it (a new
 * Replayer over the tab's history, then {@code pause(t)}). Runs {@code console-seek/seek.mjs}.
 */
final class ConsoleSeek {
  private static final Path SCRIPT = Path.of("modules/bench/console-seek/seek.mjs");
  private static final Duration LIMIT = Duration.ofSeconds(180);

  private ConsoleSeek() {}

  static JsonObject measure(Path events, Path workDir) {
    return NodeScript.run(SCRIPT, List.of(events.toString()), workDir, "console-seek", LIMIT);
  }
}
