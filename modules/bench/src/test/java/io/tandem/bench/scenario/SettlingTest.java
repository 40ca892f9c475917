package io.tandem.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.bench.scenario.Settling.Second;
import org.junit.jupiter.api.Test;

class SettlingTest {
  private static final double OFFERED = 60_000;

  private static Settling settling() {
    return new Settling(OFFERED, 0.9, 1000, 1_000_000, 2);
  }

  @Test
  void settlesAfterTwoSteadySecondsInARow() {
    Settling s = settling();
    assertThat(s.add(new Second(60_000, 12, 0))).isFalse();
    assertThat(s.add(new Second(59_500, 14, 0))).isTrue();
    assertThat(s.why()).isNull();
    assertThat(s.seconds()).isEqualTo(2);
  }

  @Test
  void aTargetThatDeliversTooLittleNeverSettlesAndSaysWhy() {
    Settling s = settling();
    for (int i = 0; i < 10; i++) {
      assertThat(s.add(new Second(40_000, 20, 0))).isFalse();
    }
    assertThat(s.why()).isEqualTo("agents got 40000 events/s of 60000 offered");
  }

  @Test
  void aBacklogBeingWorkedOffIsNotSteadyEvenWhenTheRateLooksRight() {
    Settling s = settling();
    assertThat(s.add(new Second(75_000, 4_000, 0))).isFalse();
    assertThat(s.why()).isEqualTo("p99 4000.0 ms is over 1000 ms");
    assertThat(s.add(new Second(61_000, 300, 0))).isFalse();
    assertThat(s.add(new Second(60_000, 600, 0))).as("latency climbing: a backlog growing").isFalse();
    assertThat(s.why()).isEqualTo("p99 grew from 300.0 to 600.0 ms in a second");
    assertThat(s.add(new Second(60_000, 40, 0))).isFalse();
    assertThat(s.add(new Second(60_000, 35, 0))).isTrue();
  }

  @Test
  void smallJittersOfALowLatencyAreNoise() {
    Settling s = settling();
    s.add(new Second(60_000, 2, 0));
    assertThat(s.add(new Second(60_000, 9, 0))).isTrue();
  }

  @Test
  void aStormOfSessionListsToAgentsIsNotSteady() {
    Settling s = settling();
    s.add(new Second(60_000, 10, 0));
    assertThat(s.add(new Second(60_000, 10, 5_000_000))).isFalse();
    assertThat(s.why()).isEqualTo("agents got 5000000 bytes of control frames in a second");
  }
}
