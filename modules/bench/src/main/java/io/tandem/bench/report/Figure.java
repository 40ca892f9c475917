package io.tandem.bench.report;

import io.vertx.core.json.JsonObject;

/**
 * One row of the results table: where its value sits in a target's results, and which way is
 * better, so the reader knows how to read the ratio.
 */
record Figure(String scenario, String label, String path, Better better) {

  enum Better {
    LOWER("lower is better"),
    HIGHER("higher is better");

    final String text;

    Better(String text) {
      this.text = text;
    }
  }

  /** The value at a dotted path such as {@code streaming.atRate.latencyMs.p99}, or null if absent. */
  Double valueIn(JsonObject results) {
    Object node = results;
    for (String key : path.split("\\.")) {
      if (node instanceof JsonObject object) {
        node = object.getValue(key);
      } else {
        return null;
      }
    }
    if (node instanceof Number number) {
      return number.doubleValue();
    }
    if (node instanceof JsonObject object) {
      // an object of counts (errors by kind): its total
      return object.stream().mapToDouble(e -> ((Number) e.getValue()).doubleValue()).sum();
    }
    return null;
  }
}
