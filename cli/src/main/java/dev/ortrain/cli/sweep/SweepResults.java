package dev.ortrain.cli.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trials' results gathered per configuration: mean and standard deviation over the seeds of the last and the
 * best value of the monitored metric. The best configuration is the completed one with the best mean of the best
 * values (ties go to the first).
 */
public record SweepResults(SweepDefinition definition, List<ConfigurationResult> rows) {
  public SweepResults {
    rows = List.copyOf(rows);
  }

  /** @param finished the finished trials' results by trial id */
  public static SweepResults of(SweepDefinition definition, Map<String, TrialResult> finished) {
    MonitoredMetric metric = new MonitoredMetric(definition.metric());
    List<ConfigurationResult> rows = new ArrayList<>();
    List<Trial> trials = definition.trials();
    for (Configuration configuration : definition.configurations()) {
      List<TrialResult> results = trials.stream().filter(t -> t.configuration().equals(configuration))
          .map(t -> finished.get(t.id())).filter(java.util.Objects::nonNull).toList();
      rows.add(row(configuration, results, definition.seeds().size(), metric));
    }
    return new SweepResults(definition, rows);
  }

  private static ConfigurationResult row(Configuration configuration, List<TrialResult> results, int seeds,
      MonitoredMetric metric) {
    List<Double> lasts = new ArrayList<>();
    List<Double> bests = new ArrayList<>();
    for (TrialResult result : results) {
      metric.last(result.history()).ifPresent(lasts::add);
      metric.best(result.history()).ifPresent(bests::add);
    }
    String note = results.stream().filter(r -> r.status() == TrialStatus.FAILED)
        .map(r -> "seed " + r.trial().seed() + ": " + r.note()).findFirst().orElse("");
    return new ConfigurationResult(configuration, results.size(), Spread.of(lasts), Spread.of(bests),
        ConfigurationStatus.of(results, seeds), note);
  }

  public Optional<ConfigurationResult> best() {
    MonitoredMetric metric = new MonitoredMetric(definition.metric());
    ConfigurationResult best = null;
    for (ConfigurationResult row : rows) {
      if (row.status() == ConfigurationStatus.COMPLETED
          && (best == null || metric.better(row.best().mean(), best.best().mean()))) {
        best = row;
      }
    }
    return Optional.ofNullable(best);
  }
}
