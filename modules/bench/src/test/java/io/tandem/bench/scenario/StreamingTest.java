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
  void aFastRelaySettlesGivesItsCpuPerEventAndAKneeAtEveryStep() throws Exception {
    try (TestRelay relay = new TestRelay(0, 0)) {
      JsonObject result = new Streaming().run(relay, setup("--knee-max=2"));

      JsonObject atRate = result.getJsonObject("atRate");
      assertThat(atRate.getBoolean("settled")).isTrue();
      assertThat(atRate.getLong("eventsDelivered")).isPositive();
      assertThat(atRate.getDouble("cpuMicrosPerEvent")).isPositive();
      JsonObject knee = result.getJsonObject("knee");
      JsonArray steps = knee.getJsonArray("steps");
      assertThat(steps.stream().map(step -> ((JsonObject) step).getDouble("ratePerRoom"))).containsExactly(20.0, 40.0);
      assertThat(steps.stream().allMatch(step -> ((JsonObject) step).getBoolean("passed"))).isTrue();
      assertThat(knee.getBoolean("capped")).as("every step passed: the knee is above the last").isTrue();
      assertThat(knee.getDouble("deliveriesPerSecond")).isGreaterThan(0.95 * 4 * 40);
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
