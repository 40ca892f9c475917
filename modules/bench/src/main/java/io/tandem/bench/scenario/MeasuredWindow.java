package io.tandem.bench.scenario;

import io.tandem.bench.Polling;
import io.tandem.bench.load.Tally;
import io.tandem.bench.target.Target;
import io.vertx.core.json.JsonObject;

/**
 * A window measured only once the stream has settled ({@link Settling}); otherwise refused, with
 * the reason, so a report never times a backlog as if it were the stream. A measured window
 * carries the target's CPU over it: seconds, and microseconds per event delivered.
 */
final class MeasuredWindow {
  private MeasuredWindow() {}

  static JsonObject measure(Tally tally, Target target, Settling settling, int maxSettleSeconds, int measureSeconds) {
    while (!settling.settled() && settling.seconds() < maxSettleSeconds) {
      tally.reset();
      Polling.sleep(1000);
      JsonObject second = tally.figures();
      settling.add(new Settling.Second(second.getDouble("eventsDeliveredPerSecond"), second.getJsonObject("latencyMs").getDouble("p99"),
          second.getLong("controlBytesToAgents")));
    }
    if (!settling.settled()) {
      return new JsonObject().put("settled", false).put("settleSeconds", settling.seconds())
          .put("refused", "not measured: no steady state within " + maxSettleSeconds + " s (last second: " + settling.why() + ")");
    }
    double cpuBefore = target.cpuSeconds();
    tally.reset();
    Polling.sleep(measureSeconds * 1000L);
    JsonObject window = tally.figures();
    double cpu = target.cpuSeconds() - cpuBefore;
    long events = window.getLong("eventsDelivered");
    return window.put("settled", true).put("settleSeconds", settling.seconds())
        .put("cpuSeconds", round(cpu))
        .put("cpuMicrosPerEvent", events == 0 ? null : round(cpu * 1e6 / events));
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
