package dev.ortrain.cli.sweep;

import dev.ortrain.callbacks.Monitor;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/** The metric a sweep compares trials by, and which way is better (lower for losses and errors). */
public record MonitoredMetric(String name) {
  /** History columns that are not metrics of the model. */
  private static final Set<String> NOT_METRICS = Set.of("epoch", "lr");

  public MonitoredMetric {
    Monitor.of(name); // refuses an empty name
  }

  /** Whether {@code value} is better than {@code other}; a NaN is never better. */
  public boolean better(double value, double other) {
    return !Double.isNaN(value) && (Double.isNaN(other) || Monitor.of(name).improves(value, other));
  }

  /**
   * Its value in one epoch's metrics, or empty when that epoch has none of its split's metrics yet (no
   * validation before it). Missing among its split's metrics, it is misspelt: that stops the sweep.
   */
  public OptionalDouble in(Map<String, Double> epochMetrics) {
    Double value = epochMetrics.get(name);
    if (value != null) {
      return OptionalDouble.of(value);
    }
    if (epochMetrics.keySet().stream().anyMatch(key -> split(key).equals(split(name)))) {
      throw notReported(epochMetrics.keySet());
    }
    return OptionalDouble.empty();
  }

  /** Stops the sweep when no epoch of a trial reported the metric (one without a split prefix, misspelt). */
  public void requireReported(List<Map<String, Double>> history) {
    if (!history.isEmpty() && history.stream().noneMatch(epoch -> epoch.containsKey(name))) {
      Set<String> reported = new LinkedHashSet<>();
      history.forEach(epoch -> reported.addAll(epoch.keySet()));
      throw notReported(reported);
    }
  }

  private SweepInputException notReported(Collection<String> reported) {
    return new SweepInputException("the sweep compares trials by " + name + ", which the trials do not report;"
        + " they report " + String.join(", ", reported.stream().filter(k -> !NOT_METRICS.contains(k)).toList())
        + ". Give one of those with --metric");
  }

  /** {@code val_} of {@code val_loss}: the metrics reported together. */
  private static String split(String metric) {
    return metric.substring(0, metric.indexOf('_') + 1);
  }

  /** Its value in the last epoch that has one, or empty when none has. */
  public Optional<Double> last(List<Map<String, Double>> history) {
    for (int i = history.size() - 1; i >= 0; i--) {
      OptionalDouble value = in(history.get(i));
      if (value.isPresent()) {
        return Optional.of(value.getAsDouble());
      }
    }
    return Optional.empty();
  }

  /** Its best value over the epochs, or empty when there was none (or each was NaN). */
  public Optional<Double> best(List<Map<String, Double>> history) {
    double best = Double.NaN;
    for (Map<String, Double> epoch : history) {
      OptionalDouble value = in(epoch);
      if (value.isPresent() && better(value.getAsDouble(), best)) {
        best = value.getAsDouble();
      }
    }
    return Double.isNaN(best) ? Optional.empty() : Optional.of(best);
  }
}
