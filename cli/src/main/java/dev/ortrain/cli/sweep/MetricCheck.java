package dev.ortrain.cli.sweep;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that the trials report the sweep's metric before the pruning rule reads it: at the first epoch with its
 * split's metrics, or at a trial's end for a metric without a split prefix, so a misspelt {@code --metric} stops
 * the sweep at once whichever rule is on.
 */
record MetricCheck(MonitoredMetric metric, Pruner pruner) implements TrialMonitor {
  @Override
  public Optional<String> epochEnded(Trial trial, int epoch, Map<String, Double> metrics) {
    metric.in(metrics);
    return pruner.epochEnded(trial, epoch, metrics);
  }

  @Override
  public void trialEnded(Trial trial, List<Map<String, Double>> history) {
    metric.requireReported(history);
  }
}
