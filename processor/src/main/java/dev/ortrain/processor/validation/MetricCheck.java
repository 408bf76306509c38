package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.ProviderKind;
import dev.ortrain.rules.MetricNaming;
import dev.ortrain.rules.Suggestions;
import java.util.ArrayList;
import java.util.List;

/**
 * Declared metric names follow the runtime's naming rule, and every monitored metric is one that validation
 * reports ({@code val_loss} plus {@code val_<name>} per declared metric), with a suggestion for near misses.
 */
final class MetricCheck implements Check {

  @Override
  public void check(Experiment experiment, Reporter reporter) {
    experiment.provider(ProviderKind.METRICS).ifPresent(metrics -> {
      List<String> declared = metrics.annotation().strings("value");
      for (String name : declared) {
        MetricNaming.checkValid(name).ifPresent(problem ->
            reporter.report(Message.INVALID_METRIC_NAME, metrics.annotation().at("value"), problem));
      }
      List<String> withLoss = new ArrayList<>(List.of(MetricNaming.LOSS));
      withLoss.addAll(declared);
      MetricNaming.checkUnique(MetricNaming.VALIDATION_PREFIX, withLoss).ifPresent(problem ->
          reporter.report(Message.DUPLICATE_METRIC_NAME, metrics.annotation().at("value"), problem));
    });
    if (!experiment.has(ProviderKind.VALIDATION_DATA)) {
      return; // every monitor is reported by ValidationDataCheck
    }
    List<String> reported = experiment.validationMetricNames();
    for (Monitored monitored : Monitored.in(experiment)) {
      if (!reported.contains(monitored.metric())) {
        String suggestion = Suggestions.closest(monitored.metric(), reported)
            .map(s -> "; did you mean \"" + s + "\"?").orElse("");
        reporter.report(Message.UNKNOWN_METRIC, monitored.location(), monitored.attribute(), monitored.metric(),
            reported, suggestion);
      }
    }
  }
}
