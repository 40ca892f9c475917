package io.tandem.bench.scenario;

import io.tandem.bench.target.Target;
import io.tandem.bench.target.TargetKind;
import io.tandem.bench.target.TargetProcess;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How live the replay is (issue #15), in headless Chromium against the node: the demo page and
 * pages served from another loopback origin carry the tracker, the real console watches them.
 * Glass to glass, the remote-control round trip, Join to the first frame (the demo page and a
 * ~1 MB page, each leg of it), and the page's main thread while the tracker streams a page
 * changing 1,000 text nodes a second. Runs {@code console-live/live.mjs}; only Tandem has a console.
 */
public final class Live implements Scenario {
  private static final Path SCRIPT = Path.of("modules/bench/console-live/live.mjs");
  private static final Duration LIMIT = Duration.ofMinutes(45);

  @Override
  public String id() {
    return "live";
  }

  @Override
  public boolean appliesTo(TargetKind kind) {
    return kind == TargetKind.TANDEM;
  }

  @Override
  public String describe(Setup setup) {
    int samples = setup.options().liveSamples();
    return "headless Chromium, the real console as the demo agent, pages carrying the tracker (a project with no pre-join"
        + " buffer); " + samples + " samples each of: a DOM change on the demo page until the replayed DOM has it (150-400 ms"
        + " apart); the agent's click on the replayed demo counter (remote control) until the replay shows the new count; a"
        + " click on Join until the replay shows the page, for the demo page and a ~1 MB page, each a new session; then a page"
        + " changing 1,000 text nodes/s, " + samples + " s streamed to the console against a third as long without the tracker:"
        + " script time per second (CDP ScriptDuration) and long tasks";
  }

  @Override
  public JsonObject run(Target target, Setup setup) {
    if (!(target instanceof TargetProcess node)) {
      throw new IllegalStateException("live needs a node the browser can reach");
    }
    List<String> args = List.of("http://127.0.0.1:" + node.port, TargetProcess.AGENT_PASSWORD, String.valueOf(setup.options().liveSamples()));
    return NodeScript.run(SCRIPT, args, setup.workDir(), "console-live", LIMIT);
  }
}
