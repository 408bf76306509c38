package dev.ortrain.cli.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The median stopping rule (Golovin et al., Google Vizier, 2017): a trial stops after epoch e when its metric is
 * worse than the median of the completed trials' metric at epoch e. It waits for {@code minCompleted} completed
 * trials, so that a single early trial does not set the bar. Pruned and failed trials do not count: their
 * curves are the ones that were worse.
 */
final class MedianStoppingRule implements Pruner {
  static final int MIN_COMPLETED = 3;

  private final MonitoredMetric metric;
  private final int minCompleted;
  /** Each completed trial's metrics per epoch. */
  private final List<List<Map<String, Double>>> completed = new ArrayList<>();

  MedianStoppingRule(MonitoredMetric metric, int minCompleted) {
    this.metric = metric;
    this.minCompleted = minCompleted;
  }

  @Override
  public synchronized void finished(TrialResult result) {
    if (result.status() == TrialStatus.COMPLETED) {
      completed.add(result.history());
    }
  }

  @Override
  public synchronized Optional<String> epochEnded(Trial trial, int epoch, Map<String, Double> metrics) {
    OptionalDouble reported = metric.in(metrics);
    List<Double> atEpoch = completed.stream().filter(history -> history.size() >= epoch)
        .map(history -> metric.in(history.get(epoch - 1))).filter(OptionalDouble::isPresent)
        .map(OptionalDouble::getAsDouble).sorted().toList();
    if (reported.isEmpty() || atEpoch.size() < minCompleted) {
      return Optional.empty();
    }
    double value = reported.getAsDouble();
    double median = median(atEpoch);
    if (metric.better(value, median) || value == median) {
      return Optional.empty();
    }
    return Optional.of(String.format(java.util.Locale.ROOT, "pruned: %s %.6g at epoch %d is worse than the median"
        + " %.6g of %d completed trials", metric.name(), value, epoch, median, atEpoch.size()));
  }

  private static double median(List<Double> sorted) {
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
