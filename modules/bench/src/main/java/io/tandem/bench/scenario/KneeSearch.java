package io.tandem.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Finds the knee: the highest delivered rate at which a target still keeps its p99 under the
 * bound. Rates go up by {@code factor} from {@code start} while steps pass; after the first step
 * that fails, {@code refinements} more steps halve the gap (geometrically) between the best that
 * passed and the lowest that failed. If even the first step fails, rates go down by {@code factor}
 * until one passes (at most {@code maxDownSteps}). A step is the caller's: it sets the rate,
 * waits for the stream to settle, measures and tells {@link #record} whether it passed.
 */
public final class KneeSearch {
  /** One measured step: the rate per room asked for, whether it passed, what agents got. */
  public record Step(double rate, boolean passed, double deliveredPerSecond) {}

  private final double factor;
  private final double max;
  private final int maxDownSteps;
  private final List<Step> steps = new ArrayList<>();
  private int refinementsLeft;
  private double lowestFailed = Double.NaN;
  private double highestPassed = Double.NaN;
  private Double next;

  public KneeSearch(double start, double factor, double max, int refinements, int maxDownSteps) {
    if (start <= 0 || factor <= 1 || max < start) {
      throw new IllegalArgumentException("a knee search needs 0 < start <= max and a factor above 1");
    }
    this.factor = factor;
    this.max = max;
    this.refinementsLeft = refinements;
    this.maxDownSteps = maxDownSteps;
    this.next = start;
  }

  /** The rate per room to try next; empty once the search is over. */
  public OptionalDouble next() {
    return next == null ? OptionalDouble.empty() : OptionalDouble.of(next);
  }

  public void record(double rate, boolean passed, double deliveredPerSecond) {
    steps.add(new Step(rate, passed, deliveredPerSecond));
    if (passed) {
      highestPassed = Double.isNaN(highestPassed) ? rate : Math.max(highestPassed, rate);
    } else {
      lowestFailed = Double.isNaN(lowestFailed) ? rate : Math.min(lowestFailed, rate);
    }
    next = choose(rate, passed);
  }

  private Double choose(double rate, boolean passed) {
    if (Double.isNaN(lowestFailed)) {
      double up = rate * factor;
      return up <= max ? up : null;
    }
    if (Double.isNaN(highestPassed)) {
      long downSteps = steps.stream().filter(s -> !s.passed()).count();
      return downSteps <= maxDownSteps ? rate / factor : null;
    }
    if (refinementsLeft == 0) {
      return null;
    }
    refinementsLeft--;
    return Math.sqrt(highestPassed * lowestFailed);
  }

  /** The highest delivered rate among the steps that passed; empty if none did. */
  public OptionalDouble knee() {
    return steps.stream().filter(Step::passed).mapToDouble(Step::deliveredPerSecond).max();
  }

  /** Whether the search stopped at {@code max} without any step failing: the knee is higher still. */
  public boolean capped() {
    return next == null && Double.isNaN(lowestFailed) && !steps.isEmpty();
  }

  public List<Step> steps() {
    return List.copyOf(steps);
  }
}
