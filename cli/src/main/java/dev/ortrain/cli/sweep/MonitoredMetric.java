package dev.ortrain.cli.sweep;

import dev.ortrain.callbacks.Monitor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The metric a sweep compares trials by, and which way is better (lower for losses and errors). */
public record MonitoredMetric(String name) {
  public MonitoredMetric {
    Monitor.of(name); // refuses an empty name
  }

  /** Whether {@code value} is better than {@code other}; a NaN is never better. */
  public boolean better(double value, double other) {
    return !Double.isNaN(value) && (Double.isNaN(other) || Monitor.of(name).improves(value, other));
  }

  /** Its value in one epoch's metrics; a metric the trial does not report stops the sweep, naming those it does. */
  public double in(Map<String, Double> epochMetrics) {
    Double value = epochMetrics.get(name);
    if (value == null) {
      throw new SweepInputException("the sweep compares trials by " + name + ", which the trials do not report;"
          + " they report " + String.join(", ", epochMetrics.keySet().stream().filter(k -> !k.equals("epoch")
              && !k.equals("lr")).toList()) + ". Give one of those with --metric");
    }
    return value;
  }

  /** Its value in the last epoch, or empty when there was none. */
  public Optional<Double> last(List<Map<String, Double>> history) {
    return history.isEmpty() ? Optional.empty() : Optional.of(in(history.get(history.size() - 1)));
  }

  /** Its best value over the epochs, or empty when there was none (or each was NaN). */
  public Optional<Double> best(List<Map<String, Double>> history) {
    double best = Double.NaN;
    for (Map<String, Double> epoch : history) {
      double value = in(epoch);
      if (better(value, best)) {
        best = value;
      }
    }
    return Double.isNaN(best) ? Optional.empty() : Optional.of(best);
  }
}
