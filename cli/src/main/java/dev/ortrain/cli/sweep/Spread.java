package dev.ortrain.cli.sweep;

import java.util.List;

/** Mean and sample standard deviation of values over seeds (0 for one value, NaN for none). */
public record Spread(double mean, double std) {
  public static Spread of(List<Double> values) {
    if (values.isEmpty()) {
      return new Spread(Double.NaN, Double.NaN);
    }
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
    return new Spread(mean, values.size() > 1 ? Math.sqrt(squares / (values.size() - 1)) : 0);
  }
}
