package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.Declared;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.Provider;
import dev.ortrain.processor.model.ProviderKind;
import dev.ortrain.rules.MetricNaming;
import dev.ortrain.rules.Suggestions;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Declared metric names follow the runtime's naming rule, each reported on its own entry of {@code @Metrics},
 * and every monitored metric is one that validation reports ({@code val_loss} plus {@code val_<name>} per
 * declared metric), with the closest reported name for a near miss.
 */
final class MetricCheck implements Check {
  /** The prefixes of the other splits, whose metrics validation does not report under that name. */
  private static final List<String> OTHER_SPLITS = List.of(MetricNaming.TRAIN_PREFIX, MetricNaming.TEST_PREFIX);

  @Override
  public void check(Experiment experiment, Reporter reporter) {
    experiment.provider(ProviderKind.METRICS).ifPresent(metrics -> checkDeclared(metrics, reporter));
    if (!experiment.has(ProviderKind.VALIDATION_DATA)) {
      return; // every monitor is reported by ValidationDataCheck
    }
    List<String> reported = experiment.validationMetricNames();
    for (Monitored monitored : Monitored.in(experiment)) {
      if (!reported.contains(monitored.metric())) {
        String suggestion = suggestion(monitored.metric(), reported).map(s -> "; did you mean \"" + s + "\"?")
            .orElse("");
        reporter.report(Message.UNKNOWN_METRIC, monitored.location(), monitored.attribute(), monitored.metric(),
            reported, suggestion);
      }
    }
  }

  private static void checkDeclared(Provider metrics, Reporter reporter) {
    Set<String> seen = new HashSet<>(Set.of(MetricNaming.LOSS));
    for (Declared<String> name : metrics.metricNames()) {
      MetricNaming.checkValid(name.value()).ifPresent(problem ->
          reporter.report(Message.INVALID_METRIC_NAME, name.location(), problem));
      if (!seen.add(name.value())) {
        // The runtime's message for this name given twice.
        MetricNaming.checkUnique(MetricNaming.VALIDATION_PREFIX, List.of(name.value(), name.value()))
            .ifPresent(problem -> reporter.report(Message.DUPLICATE_METRIC_NAME, name.location(), problem));
      }
    }
  }

  /**
   * The reported name a monitor probably means: the validation metric of the same name when it names another
   * split's ({@code train_loss}) or none ({@code loss}), else the closest reported name ({@code val_acc} and
   * {@code val_acuracy} mean {@code val_accuracy}).
   */
  private static Optional<String> suggestion(String monitored, List<String> reported) {
    String typed = monitored.toLowerCase(Locale.ROOT);
    String bare = OTHER_SPLITS.stream().filter(typed::startsWith).findFirst()
        .map(prefix -> typed.substring(prefix.length())).orElse(typed);
    String sameMetric = MetricNaming.VALIDATION_PREFIX + bare;
    if (reported.contains(sameMetric)) {
      return Optional.of(sameMetric);
    }
    return Suggestions.closest(typed, reported);
  }
}
