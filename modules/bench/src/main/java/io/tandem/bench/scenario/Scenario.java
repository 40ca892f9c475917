package io.tandem.bench.scenario;

import io.tandem.bench.target.Target;
import io.tandem.bench.target.TargetKind;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * One measurement the bench makes against each target it applies to, in a fresh target process.
 * Adding one is a class and a line in {@link Scenarios#ALL}.
 */
public interface Scenario {

  /** The name used in flags ({@code --scenarios=}), the JSON report and the results table. */
  String id();

  /** What it runs and how long each window is, in a sentence, for the report. */
  String describe(Setup setup);

  /** Whether this target has what the scenario measures (a baseline has no time-travel buffer). */
  default boolean appliesTo(TargetKind kind) {
    return true;
  }

  /** Extra environment for a Tandem target in this scenario (config overrides); none by default. */
  default Map<String, String> tandemEnvironment(Setup setup) {
    return Map.of();
  }

  JsonObject run(Target target, Setup setup);
}
