package dev.ortrain.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each attribute an experiment sets becomes one {@code .with(Setting, value)} of its module's settings, with
 * the value's Java type; the runtime reads them (ExperimentSettingsTest).
 */
class SettingsGenerationTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "type = ScheduleType.STEP, stepSize = 30, gamma = 0.5"
          + "|.with(Setting.SCHEDULE_TYPE, ScheduleType.STEP) .with(Setting.STEP_SIZE, 30L) "
          + ".with(Setting.GAMMA, 0.5);",
      "type = ScheduleType.MULTI_STEP, milestones = {100, 200}, unit = Unit.STEP"
          + "|.with(Setting.SCHEDULE_TYPE, ScheduleType.MULTI_STEP) .with(Setting.SCHEDULE_UNIT, Unit.STEP) "
          + ".with(Setting.MILESTONES, List.of(100L, 200L));",
      "warmupSteps = 50"
          + "|.with(Setting.WARMUP_STEPS, 50L);",
      "type = ScheduleType.PLATEAU, monitor = \"val_accuracy\", factor = 0.5, plateauPatience = 2, cooldown = 1"
          + "|.with(Setting.SCHEDULE_TYPE, ScheduleType.PLATEAU) .with(Setting.PLATEAU_MONITOR, \"val_accuracy\") "
          + ".with(Setting.FACTOR, 0.5) .with(Setting.PLATEAU_PATIENCE, 2) "
          + ".with(Setting.COOLDOWN, 1);"})
  void declaredScheduleIsGenerated(String attributes, String expected) {
    Compilation compilation = Compilations.compile(Experiments.experiment(List.of(), List.of("@Schedule("
        + attributes + ")"), Experiments.PROVIDERS + "\n" + Experiments.VALIDATION + "\n" + Experiments.METRICS));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("test/ExpModule").contentsAsUtf8String()
        .contains(inLines(expected));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "device = \"cuda\"|.with(Setting.DEVICE, \"cuda\")",
      "prefetch = 0|.with(Setting.PREFETCH, 0)",
      "seed = 3|.with(Setting.SEED, 3L)",
      "learningRate = 1|.with(Setting.LEARNING_RATE, 1.0)",
      "shuffle = false|.with(Setting.SHUFFLE, false)",
      "optimizer = OptimizerType.SGD|.with(Setting.OPTIMIZER, OptimizerType.SGD)",
      "earlyStoppingMonitor = \"val_loss\", mode = MonitorMode.MAX"
          + "|.with(Setting.EARLY_STOPPING_MONITOR, \"val_loss\") .with(Setting.MODE, MonitorMode.MAX)"})
  void trainerSettingIsGenerated(String attribute, String expected) {
    Compilation compilation = Compilations.compile(Experiments.withTrainerAndValidation(attribute));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("test/ExpModule").contentsAsUtf8String()
        .contains(inLines(expected));
  }

  /** The expected calls, one per line as generated ({@code ) .with(} in the table is a line break). */
  private static String inLines(String calls) {
    return calls.replace(") .with(", ")\n        .with(");
  }

  @Test
  void anExperimentThatSetsNothingHasTheDefaults() {
    Compilation compilation = Compilations.compile(Experiments.withTrainerAndValidation());
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("test/ExpModule").contentsAsUtf8String()
        .contains("return Settings.defaults();");
  }
}
