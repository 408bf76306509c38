package dev.ortrain.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ortrain.processor.Compilations.assertSingleError;
import static dev.ortrain.processor.Compilations.compile;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Monitored metrics must be reported by validation; declared metric names follow the runtime's rule. */
class MetricRulesTest {

  private static JavaFileObject monitoring(List<String> trainer, List<String> classAnnotations) {
    return Experiments.experiment(trainer, classAnnotations,
        Experiments.PROVIDERS + "\n" + Experiments.VALIDATION + "\n" + Experiments.METRICS);
  }

  @Test
  void misspelledEarlyStoppingMonitorGetsASuggestion() {
    assertSingleError(compile(monitoring(List.of("earlyStoppingMonitor = \"val_acuracy\""), List.of())),
        "[ortrain/UnknownMetric] earlyStoppingMonitor = \"val_acuracy\" is not reported by validation, which reports"
            + " [val_loss, val_accuracy]; did you mean \"val_accuracy\"?", "earlyStoppingMonitor =");
  }

  /** An abbreviation of one reported name is a typo too. */
  @Test
  void abbreviatedMonitorGetsTheNameItStarts() {
    assertSingleError(compile(monitoring(List.of("earlyStoppingMonitor = \"val_acc\""), List.of())),
        "[ortrain/UnknownMetric] earlyStoppingMonitor = \"val_acc\" is not reported by validation, which reports"
            + " [val_loss, val_accuracy]; did you mean \"val_accuracy\"?", "earlyStoppingMonitor =");
  }

  /** The validation metric of the same name is what a monitor of the training's one means. */
  @Test
  void trainingMetricsAreNotSeenByValidationMonitors() {
    assertSingleError(compile(monitoring(List.of("checkpointEvery = 1", "checkpointMonitor = \"train_loss\""),
        List.of())), "[ortrain/UnknownMetric] checkpointMonitor = \"train_loss\" is not reported by validation,"
            + " which reports [val_loss, val_accuracy]; did you mean \"val_loss\"?", "checkpointMonitor =");
  }

  @Test
  void plateauMonitorIsCheckedToo() {
    assertSingleError(compile(monitoring(List.of(), List.of("@Schedule(type = ScheduleType.PLATEAU, monitor ="
        + " \"val_los\")"))), "[ortrain/UnknownMetric] monitor = \"val_los\" is not reported by validation, which"
            + " reports [val_loss, val_accuracy]; did you mean \"val_loss\"?", "monitor =");
  }

  /** A monitor without the split's prefix means the validation metric. */
  @Test
  void unprefixedMonitorGetsTheValidationMetric() {
    assertSingleError(compile(monitoring(List.of("earlyStoppingMonitor = \"loss\""), List.of())),
        "[ortrain/UnknownMetric] earlyStoppingMonitor = \"loss\" is not reported by validation, which reports"
            + " [val_loss, val_accuracy]; did you mean \"val_loss\"?", "earlyStoppingMonitor =");
  }

  @Test
  void checkpointMonitorGetsASuggestion() {
    assertSingleError(compile(monitoring(List.of("checkpointEvery = 1", "checkpointMonitor = \"test_accuracy\""),
        List.of())), "[ortrain/UnknownMetric] checkpointMonitor = \"test_accuracy\" is not reported by validation,"
            + " which reports [val_loss, val_accuracy]; did you mean \"val_accuracy\"?", "checkpointMonitor =");
  }

  @Test
  void abbreviatedPlateauMonitorGetsASuggestion() {
    assertSingleError(compile(monitoring(List.of(), List.of("@Schedule(type = ScheduleType.PLATEAU, monitor ="
        + " \"val_acc\")"))), "[ortrain/UnknownMetric] monitor = \"val_acc\" is not reported by validation, which"
            + " reports [val_loss, val_accuracy]; did you mean \"val_accuracy\"?", "monitor =");
  }

  /** Nothing close: the list of reported names is the whole help. */
  @Test
  void unrelatedMonitorGetsNoSuggestion() {
    assertSingleError(compile(monitoring(List.of("earlyStoppingMonitor = \"val_f1\""), List.of())),
        "[ortrain/UnknownMetric] earlyStoppingMonitor = \"val_f1\" is not reported by validation, which reports"
            + " [val_loss, val_accuracy]", "earlyStoppingMonitor =");
  }

  /** A schedule that does not watch a metric has no monitor to check. */
  @Test
  void monitorOfAScheduleThatWatchesNoneIsNotChecked() {
    Compilation compilation = compile(monitoring(List.of(), List.of("@Schedule(monitor = \"val_los\")")));
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining("[ortrain/IgnoredSetting] monitor is ignored by type = CONSTANT");
  }

  @Test
  void everyRepeatedMetricNameIsReported() {
    Compilation compilation = compile(Experiments.withMembers(
        "  @Metrics({\"accuracy\", \"accuracy\", \"loss\"})",
        "  Metric[] metrics() { return new Metric[0]; }"));
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("Metric name 'accuracy' appears twice; val_accuracy would be"
        + " ambiguous");
    assertThat(compilation).hadErrorContaining("Metric name 'loss' appears twice; val_loss would be ambiguous");
  }

  @Test
  void metricNamesFollowTheRuntimesRule() {
    JavaFileObject source = Experiments.withMembers(
        "  @Metrics({\"Accuracy\"})",
        "  Metric[] metrics() { return new Metric[0]; }");
    assertSingleError(compile(source), "[ortrain/InvalidMetricName] Metric name 'Accuracy' is invalid: use lowercase"
        + " letters, digits and '_', starting with a letter (it becomes part of names like val_Accuracy)",
        "@Metrics({\"Accuracy\"})");
  }

  @Test
  void aMetricCannotBeCalledLoss() {
    JavaFileObject source = Experiments.withMembers(
        "  @Metrics({\"loss\"})",
        "  List<Metric> metrics() { return List.of(); }");
    assertSingleError(compile(source), "[ortrain/DuplicateMetricName] Metric name 'loss' appears twice; val_loss would"
        + " be ambiguous", "@Metrics({\"loss\"})");
  }
}
