package io.tandem.bench.scenario;

import io.tandem.bench.Polling;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.bench.BenchOptions;
import io.tandem.bench.load.Agent;
import io.tandem.bench.load.Lanes;
import io.tandem.bench.load.Pace;
import io.tandem.bench.load.Tally;
import io.tandem.bench.load.Tracker;
import io.tandem.bench.page.Recording;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The end-of-stream check through real sockets: what is late is not lost, what is lost is counted. */
class CrowdTest {
  private static final int ROOMS = 5;
  private static Lanes lanes;

  @BeforeAll
  static void lanes() {
    lanes = new Lanes(1);
  }

  @AfterAll
  static void close() {
    lanes.close();
  }

  private static Setup setup(String... flags) {
    return new Setup(lanes, Recording.builtIn(), BenchOptions.parse(flags), 0, 0, java.nio.file.Path.of("target"));
  }

  @Test
  void aJoinStormThroughALaggingRelayHasNoViolations() throws Exception {
    // Streams run on until the check: with every batch 200 ms in flight, a check that compared
    // each agent with its tracker before the streams had stopped and landed counted every agent
    // as missing its tail (the storm reported violations for every target, the bare relay too).
    try (TestRelay relay = new TestRelay(200, 0)) {
      JsonObject result = new JoinStorm().run(relay, setup("--storm-agents=20", "--storm-seconds=1", "--rate=50"));

      JsonObject correctness = result.getJsonObject("correctness");
      assertThat(result.getLong("agentsWithSnapshot")).isEqualTo(20);
      assertThat(correctness.getLong("batchesChecked")).isGreaterThan(20);
      assertThat(correctness.getString("landing")).isEqualTo("complete");
      assertThat(correctness.getLong("violations")).isZero();
    }
  }

  @Test
  void aBatchTheRelayLostIsAViolationOfItsAgent() throws Exception {
    try (TestRelay relay = new TestRelay(1, 3)) {
      Tally tally = new Tally();
      Pace pace = new Pace(0);
      Crowd crowd = new Crowd(lanes, relay.wire(), tally, 10);
      List<Tracker> trackers = crowd.trackers("lossy", ROOMS, Recording.builtIn(), pace);
      List<Agent> agents = crowd.agents(trackers, 1);
      pace.set(50);
      Polling.waitUntil(() -> trackers.stream().allMatch(t -> t.lastSent() >= 5), Duration.ofSeconds(10));

      JsonObject correctness = Crowd.finish(pace, tally, trackers, agents, Duration.ofSeconds(10));
      Crowd.closeAll(trackers, agents);

      assertThat(correctness.getString("landing")).isEqualTo("complete");
      assertThat(correctness.getLong("gaps")).isEqualTo(ROOMS);
      assertThat(correctness.getLong("batchesMissingInGaps")).isEqualTo(ROOMS);
      assertThat(correctness.getLong("violations")).isEqualTo(ROOMS);
    }
  }
}
