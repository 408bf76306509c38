package dev.ortrain.callbacks;

import dev.ortrain.rules.ConfigRules;
import dev.ortrain.rules.MetricNaming;

/**
 * A monitored metric and what counts as an improvement of it: lower ({@link Mode#MIN}) or higher
 * ({@link Mode#MAX}) by more than {@code minDelta}.
 */
public record Monitor(String metric, Mode mode, double minDelta) {
  public enum Mode {
    MIN,
    MAX
  }

  public Monitor {
    if (metric == null || metric.isBlank()) {
      throw new IllegalArgumentException("The monitored metric name is empty; use e.g. \"val_loss\"");
    }
    ConfigRules.MIN_DELTA.require(minDelta);
  }

  /** Losses and errors ({@code val_loss}, {@code val_mse}, ...) are minimised, anything else maximised. */
  public static Monitor of(String metric) {
    return new Monitor(metric, MetricNaming.lowerIsBetter(metric) ? Mode.MIN : Mode.MAX, 0);
  }

  public Monitor withMinDelta(double delta) {
    return new Monitor(metric, mode, delta);
  }

  /** Whether {@code value} improves on {@code best} (always, when there is no best yet). */
  public boolean improves(double value, double best) {
    if (Double.isNaN(value)) {
      return false;
    }
    if (Double.isNaN(best)) {
      return true;
    }
    return mode == Mode.MIN ? value < best - minDelta : value > best + minDelta;
  }
}
