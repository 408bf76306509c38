package dev.ortrain.processor.model;

import dev.ortrain.rules.MetricNaming;
import java.util.ArrayList;
import java.util.List;

/** The metric names an experiment reports, predicted with the runtime's own naming rule. */
final class MetricNames {
  private MetricNames() {}

  /** {@code <prefix>loss} and {@code <prefix><name>} for every valid name declared by {@code @Metrics}. */
  static List<String> reported(Experiment experiment, String prefix) {
    List<String> names = new ArrayList<>();
    names.add(prefix + MetricNaming.LOSS);
    experiment.provider(ProviderKind.METRICS).ifPresent(metrics -> {
      for (Declared<String> declared : metrics.metricNames()) {
        String name = declared.value();
        if (MetricNaming.isValid(name) && !names.contains(prefix + name)) {
          names.add(prefix + name);
        }
      }
    });
    return names;
  }
}
