package dev.ortrain.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each declared schedule becomes the runtime schedule of the same name, with its values, in the module. */
class ScheduleGenerationTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "type = ScheduleType.STEP, stepSize = 30, gamma = 0.5"
          + "|.schedule(Schedule.step(30L, 0.5), Interval.STEP)",
      "type = ScheduleType.MULTI_STEP, milestones = {100, 200}, unit = Unit.STEP"
          + "|.schedule(Schedule.multiStep(List.of(100L, 200L), 0.1), Interval.STEP)",
      "type = ScheduleType.EXPONENTIAL, gamma = 0.95, unit = Unit.EPOCH"
          + "|.schedule(Schedule.exponential(0.95), Interval.EPOCH)",
      "warmupSteps = 50"
          + "|.schedule(Schedule.linearWarmup(50L, 0.1), Interval.STEP)",
      "type = ScheduleType.PLATEAU, monitor = \"val_accuracy\", factor = 0.5, plateauPatience = 2, cooldown = 1"
          + "|.plateau(new ReduceOnPlateau(\"val_accuracy\", ReduceOnPlateau.Mode.MAX, 0.5, 2, 1.0E-4,"
          + " ReduceOnPlateau.ThresholdMode.REL, 1, 0.0))"})
  void declaredScheduleIsGenerated(String attributes, String expected) {
    Compilation compilation = Compilations.compile(Experiments.experiment(List.of(), List.of("@Schedule("
        + attributes + ")"), Experiments.PROVIDERS + "\n" + Experiments.VALIDATION + "\n" + Experiments.METRICS));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("test/ExpModule").contentsAsUtf8String().contains(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "device = \"cuda\"|.device(Device.cuda(0))",
      "prefetch = 0|.prefetch(0)",
      "optimizer = OptimizerType.SGD|.optimizer(new Optimizer.Sgd(0.0f, 0.0f, false))",
      "earlyStoppingMonitor = \"val_loss\", mode = MonitorMode.MAX"
          + "|.callback(new EarlyStopping(new Monitor(\"val_loss\", Monitor.Mode.MAX, 0.0), 3, false))"})
  void trainerSettingIsGenerated(String attribute, String expected) {
    Compilation compilation = Compilations.compile(Experiments.withTrainerAndValidation(attribute));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("test/ExpModule").contentsAsUtf8String().contains(expected);
  }
}
