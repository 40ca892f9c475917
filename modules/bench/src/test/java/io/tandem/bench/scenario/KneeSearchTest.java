package io.tandem.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class KneeSearchTest {
  private static final Offset<Double> CLOSE = Offset.offset(1e-9);

  /** Runs the search against a target that passes every rate {@code passes} accepts, delivering 2,000 × rate. */
  private static List<Double> run(KneeSearch search, DoublePredicate passes) {
    List<Double> tried = new ArrayList<>();
    while (search.next().isPresent()) {
      double rate = search.next().getAsDouble();
      tried.add(rate);
      search.record(rate, passes.test(rate), 2000 * rate);
    }
    return tried;
  }

  @Test
  void climbsInFineStepsThenNarrowsTheGapAfterTheFirstFailure() {
    KneeSearch search = new KneeSearch(4, 1.25, 200, 2, 3);

    List<Double> tried = run(search, rate -> rate <= 9);

    assertThat(tried).hasSize(7);
    assertThat(tried.subList(0, 5)).containsExactly(4.0, 5.0, 6.25, 7.8125, 9.765625);
    assertThat(tried.get(5)).as("between 7.81 (passed) and 9.77 (failed)").isCloseTo(Math.sqrt(7.8125 * 9.765625), CLOSE);
    assertThat(tried.get(6)).as("between 8.73 (passed) and 9.77 (failed)").isCloseTo(Math.sqrt(tried.get(5) * 9.765625), CLOSE);
    assertThat(tried.get(6)).as("9.24 failed").isGreaterThan(9);
    assertThat(search.knee().getAsDouble()).as("what 8.73 delivered").isCloseTo(2000 * tried.get(5), CLOSE);
    assertThat(search.capped()).isFalse();
  }

  @Test
  void goesDownWhenEvenTheFirstStepFails() {
    KneeSearch search = new KneeSearch(4, 2, 200, 1, 3);

    List<Double> tried = run(search, rate -> rate <= 1.5);

    assertThat(tried).containsExactly(4.0, 2.0, 1.0, Math.sqrt(2.0));
    assertThat(search.knee().getAsDouble()).isCloseTo(2000 * Math.sqrt(2.0), CLOSE);
  }

  @Test
  void aTargetThatFailsEverythingHasNoKneeAndTheSearchEnds() {
    KneeSearch search = new KneeSearch(4, 2, 200, 2, 3);

    List<Double> tried = run(search, rate -> false);

    assertThat(tried).containsExactly(4.0, 2.0, 1.0, 0.5);
    assertThat(search.knee()).isEmpty();
  }

  @Test
  void stopsAtTheCapAndSaysTheKneeIsHigherStill() {
    KneeSearch search = new KneeSearch(4, 2, 20, 2, 3);

    List<Double> tried = run(search, rate -> true);

    assertThat(tried).containsExactly(4.0, 8.0, 16.0);
    assertThat(search.capped()).isTrue();
    assertThat(search.knee().getAsDouble()).isEqualTo(32_000);
  }

  @Test
  void theKneeIsTheHighestDeliveredRateNotTheLastStep() {
    KneeSearch search = new KneeSearch(4, 2, 200, 1, 3);
    search.record(4, true, 8_000);
    search.record(8, true, 15_000);
    search.record(16, false, 17_000);
    search.record(search.next().getAsDouble(), true, 14_000);

    assertThat(search.next()).isEmpty();
    assertThat(search.knee().getAsDouble()).isEqualTo(15_000);
    assertThat(search.steps()).hasSize(4);
  }

  @Test
  void refusesAStartThatCannotClimb() {
    assertThatThrownBy(() -> new KneeSearch(4, 1, 200, 2, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KneeSearch(0, 2, 200, 2, 3)).isInstanceOf(IllegalArgumentException.class);
  }
}
