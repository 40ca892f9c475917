package io.tandem.bench.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One row of the results table: where its value sits in each run of a target's results, and which
 * way is better, so the reader knows how to read the ratio. A figure that is a yes or no (did the
 * window settle) is shown as how many runs said yes.
 */
record Figure(String scenario, String label, String path, Better better, boolean yesNo) {

  Figure(String scenario, String label, String path, Better better) {
    this(scenario, label, path, better, false);
  }

  enum Better {
    LOWER("lower is better"),
    HIGHER("higher is better");

    final String text;

    Better(String text) {
      this.text = text;
    }
  }

  /**
   * The value in every run that measured it, from a path such as {@code streaming.atRate.latencyMs.p99}
   * whose first part is the scenario: a target's results hold {@code <scenario>.runs[]}.
   */
  List<Double> valuesIn(JsonObject target) {
    String[] keys = path.split("\\.");
    JsonObject scenarioResults = target.getJsonObject(keys[0]);
    JsonArray runs = scenarioResults == null ? null : scenarioResults.getJsonArray("runs");
    List<Double> values = new ArrayList<>();
    if (runs != null) {
      for (Object run : runs) {
        value(run, keys).ifPresent(values::add);
      }
    }
    return values;
  }

  Optional<Spread> spreadIn(JsonObject target) {
    return Spread.of(valuesIn(target));
  }

  private static Optional<Double> value(Object run, String[] keys) {
    Object node = run;
    for (int i = 1; i < keys.length; i++) {
      if (node instanceof JsonObject object) {
        node = object.getValue(keys[i]);
      } else {
        return Optional.empty();
      }
    }
    if (node instanceof Number number) {
      return Optional.of(number.doubleValue());
    }
    if (node instanceof Boolean yes) {
      return Optional.of(yes ? 1.0 : 0.0);
    }
    if (node instanceof JsonObject object) {
      // an object of counts (errors by kind): its total
      return Optional.of(object.stream().mapToDouble(e -> ((Number) e.getValue()).doubleValue()).sum());
    }
    return Optional.empty();
  }
}
