package io.tandem.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The chaos clients wait as the real ones do (common/src/backoff.ts), and never 0 ms, which a Vert.x timer refuses. */
class BackoffTest {
  private static final int DRAWS = 2_000;

  @Test
  void aTrackerWaitsFromOneMillisecondUpToACeilingThatDoublesToTenSeconds() {
    assertDraws(Backoff::tracker, new long[] {1, 1, 1, 1, 1, 1, 1}, new long[] {500, 1000, 2000, 4000, 8000, 10_000, 10_000});
  }

  @Test
  void aConsoleWaitsAtLeastHalfItsCeilingWhichDoublesToFifteenSeconds() {
    assertDraws(Backoff::console, new long[] {250, 500, 1000, 2000, 4000, 7500, 7500},
        new long[] {500, 1000, 2000, 4000, 8000, 15_000, 15_000});
  }

  @Test
  void resetStartsFromTheFirstCeilingAgain() {
    Backoff backoff = Backoff.console();
    for (int i = 0; i < 5; i++) {
      backoff.next();
    }
    backoff.reset();
    assertThat(backoff.next()).isBetween(250L, 499L);
  }

  /** Each try's draws, over many clients, fall in [floor, ceiling) and reach both ends' neighbourhood. */
  private static void assertDraws(Supplier<Backoff> policy, long[] floors, long[] ceilings) {
    long[] least = new long[floors.length];
    long[] most = new long[floors.length];
    Arrays.fill(least, Long.MAX_VALUE);
    for (int client = 0; client < DRAWS; client++) {
      Backoff backoff = policy.get();
      for (int attempt = 0; attempt < floors.length; attempt++) {
        long delay = backoff.next();
        least[attempt] = Math.min(least[attempt], delay);
        most[attempt] = Math.max(most[attempt], delay);
      }
    }
    for (int attempt = 0; attempt < floors.length; attempt++) {
      assertThat(least[attempt]).as("least wait of try %d", attempt).isGreaterThanOrEqualTo(floors[attempt])
          .isLessThan(floors[attempt] + (ceilings[attempt] - floors[attempt]) / 10);
      assertThat(most[attempt]).as("longest wait of try %d", attempt).isLessThan(ceilings[attempt])
          .isGreaterThan(ceilings[attempt] - (ceilings[attempt] - floors[attempt]) / 10);
    }
  }
}
