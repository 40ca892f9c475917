package io.tandem.bench.report;

import java.util.List;
import java.util.Optional;

/**
 * One figure over a scenario's repeated runs: the median, which the table and the ratios use, and
 * the lowest and highest value, which say how far one run can be trusted on this machine.
 */
public record Spread(double median, double min, double max, int runs) {

  /** Empty when no run measured the figure. */
  public static Optional<Spread> of(List<Double> values) {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return Optional.of(new Spread(median, sorted.get(0), sorted.get(n - 1), n));
  }
}
