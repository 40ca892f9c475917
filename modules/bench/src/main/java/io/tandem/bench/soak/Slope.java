package io.tandem.bench.soak;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A least-squares line through samples, its slope per hour and that slope's standard error (the
 * spread a slope of 0 would show from noise alone). A slope within two standard errors of 0 is
 * indistinguishable from flat at this run's length and noise.
 *
 * @param samples       points fitted
 * @param perHour       the fitted slope, units per hour
 * @param standardError the slope's standard error, units per hour (NaN with fewer than 3 points)
 */
public record Slope(int samples, double perHour, double standardError) {

  /** Fits {@code values} against {@code hours} (same length). */
  public static Slope fit(List<Double> hours, List<Double> values) {
    int n = hours.size();
    if (n < 2) {
      return new Slope(n, Double.NaN, Double.NaN);
    }
    double meanX = hours.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double meanY = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      sxx += (hours.get(i) - meanX) * (hours.get(i) - meanX);
      sxy += (hours.get(i) - meanX) * (values.get(i) - meanY);
    }
    if (sxx == 0) {
      return new Slope(n, Double.NaN, Double.NaN);
    }
    double slope = sxy / sxx;
    double residuals = 0;
    for (int i = 0; i < n; i++) {
      double fitted = meanY + slope * (hours.get(i) - meanX);
      residuals += (values.get(i) - fitted) * (values.get(i) - fitted);
    }
    double error = n > 2 ? Math.sqrt(residuals / (n - 2) / sxx) : Double.NaN;
    return new Slope(n, slope, error);
  }

  /** Whether the slope is within two standard errors of 0. */
  public boolean flat() {
    return !Double.isNaN(standardError) && Math.abs(perHour) <= 2 * standardError;
  }

  JsonObject toJson() {
    return new JsonObject().put("samples", samples).put("perHour", round(perHour)).put("standardError", round(standardError))
        .put("withinTwoStandardErrorsOfZero", flat());
  }

  /** Rounded to thousandths; null for no figure, which JSON cannot say as NaN. */
  static Double round(double value) {
    return Double.isNaN(value) ? null : Math.round(value * 1000) / 1000.0;
  }
}
