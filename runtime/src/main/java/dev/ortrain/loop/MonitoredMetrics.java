package dev.ortrain.loop;

import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.EarlyStopping;
import dev.ortrain.callbacks.ModelCheckpoint;
import dev.ortrain.metrics.Metric;
import dev.ortrain.rules.MetricNaming;
import dev.ortrain.rules.Suggestions;
import dev.ortrain.schedule.ReduceOnPlateau;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The validation metrics that early stopping, the best checkpoint and a plateau schedule watch, checked when the
 * trainer is set up: a name validation will not report (a typo given at run time, which the processor could not
 * see) fails before training, with the closest name, instead of at the first validation.
 */
final class MonitoredMetrics {
  private MonitoredMetrics() {}

  static void require(List<Callback> callbacks, ReduceOnPlateau plateau, boolean validates, List<Metric> metrics) {
    List<String> reported = new ArrayList<>();
    reported.add(MetricNaming.reported(MetricNaming.VALIDATION_PREFIX, MetricNaming.LOSS));
    reported.addAll(MetricNaming.reported(MetricNaming.VALIDATION_PREFIX, metrics.stream().map(Metric::name)
        .toList()));
    for (Callback callback : callbacks) {
      if (callback instanceof EarlyStopping stopping) {
        check("early stopping", stopping.monitor().metric(), validates, reported);
      } else if (callback instanceof ModelCheckpoint checkpoint) {
        checkpoint.monitor().ifPresent(m -> check("the best checkpoint", m.metric(), validates, reported));
      }
    }
    Optional.ofNullable(plateau).ifPresent(p -> check("the plateau schedule", p.monitor(), validates, reported));
  }

  private static void check(String watcher, String metric, boolean validates, List<String> reported) {
    if (!validates) {
      throw new IllegalArgumentException(watcher + " watches " + metric + ", but the run has no validation data;"
          + " provide validation data or leave the monitor unset");
    }
    if (!reported.contains(metric)) {
      String closest = Suggestions.closest(metric, reported).map(n -> "; did you mean " + n + "?").orElse(".");
      throw new IllegalArgumentException(watcher + " watches " + metric + ", which validation does not report"
          + closest + " Validation reports " + String.join(", ", reported));
    }
  }
}
