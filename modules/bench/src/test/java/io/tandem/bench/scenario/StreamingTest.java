package io.tandem.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.bench.BenchOptions;
import io.tandem.bench.load.Lanes;
import io.tandem.bench.page.Recording;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The streaming scenario through a relay on loopback, at a size a test can afford: windows, CPU and the knee. */
class StreamingTest {
  private static final String[] SMALL = {"--rooms=4", "--agents-per-room=1", "--rate=20", "--settle-seconds=6", "--measure-seconds=1",
      "--knee-start=1", "--knee-factor=2", "--knee-refinements=0", "--knee-settle-seconds=6", "--knee-step-seconds=1"};
  private static Lanes lanes;

  @BeforeAll
  static void lanes() {
    lanes = new Lanes(1);
  }

  @AfterAll
  static void close() {
    lanes.close();
  }

  private static Setup setup(String... more) {
    String[] flags = new String[SMALL.length + more.length];
    System.arraycopy(SMALL, 0, flags, 0, SMALL.length);
    System.arraycopy(more, 0, flags, SMALL.length, more.length);
    return new Setup(lanes, Recording.builtIn(), BenchOptions.parse(flags), 0, 0, Path.of("target"));
  }

  @Test
  void aFastRelayGivesItsCpuPerEventAndAKneeStepByStep() throws Exception {
    // Which steps pass depends on the machine's load (p99 against 50 ms), so this checks the shape
    // of the result; KneeSearchTest checks the search itself on fixed figures.
    try (TestRelay relay = new TestRelay(0, 0)) {
      JsonObject result = new Streaming().run(relay, setup("--knee-max=2"));

      JsonObject atRate = result.getJsonObject("atRate");
      assertThat(atRate.getLong("eventsDelivered")).isPositive();
      assertThat(atRate.getDouble("cpuMicrosPerEvent")).isPositive();
      JsonArray steps = result.getJsonObject("knee").getJsonArray("steps");
      assertThat(steps).isNotEmpty();
      assertThat(steps.getJsonObject(0).getDouble("ratePerRoom")).as("the ramp starts at the set rate").isEqualTo(20.0);
      assertThat(steps.stream().map(step -> ((JsonObject) step).getValue("passed"))).allMatch(Boolean.class::isInstance);
      assertThat(result.getJsonObject("correctness").getLong("violations")).isZero();
    }
  }

  @Test
  void aRelayWhoseEveryBatchIsLateHasNoKnee() throws Exception {
    try (TestRelay relay = new TestRelay(120, 0)) {
      JsonObject result = new Streaming().run(relay, setup("--knee-max=1", "--knee-down-steps=0"));

      assertThat(result.getJsonObject("atRate").getJsonObject("latencyMs").getDouble("p99")).isGreaterThanOrEqualTo(120);
      JsonObject knee = result.getJsonObject("knee");
      assertThat(knee.getJsonArray("steps").getJsonObject(0).getBoolean("passed")).isFalse();
      assertThat(knee.containsKey("deliveriesPerSecond")).as("no step kept p99 under 50 ms").isFalse();
      assertThat(result.getJsonObject("correctness").getLong("violations")).isZero();
    }
  }
}
