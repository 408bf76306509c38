package dev.ortrain.processor;

import static com.google.common.truth.Truth.assertThat;
import static dev.ortrain.processor.Compilations.assertWarning;
import static dev.ortrain.processor.Compilations.compile;
import static dev.ortrain.processor.Experiments.withTrainer;
import static dev.ortrain.processor.Experiments.withTrainerAndValidation;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * The suspicious-settings warnings at their boundaries: a patience one validation short of the run still warns
 * nothing, a learning rate at the threshold is not yet high.
 */
class SuspiciousSettingsBoundaryTest {
  /** The ortrain warnings of a successful build. */
  private static List<String> ortrainWarnings(Compilation compilation) {
    assertThat(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
    return compilation.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.WARNING)
        .map(d -> d.getMessage(null)).filter(m -> m.startsWith("[ortrain/")).toList();
  }

  /** Ten validations: the first sets the best, so at most nine can fail to improve. */
  @Test
  void patienceEqualToTheValidationsWarnsAndOneLessDoesNot() {
    assertWarning(compile(withTrainerAndValidation("epochs = 10", "earlyStoppingMonitor = \"val_loss\"",
        "patience = 10")), "[ortrain/Suspicious] patience = 10 can never run out: only 10 validation(s) happen in 10"
            + " epochs, so early stopping will never stop training; lower patience or train longer", "patience = 10");
    assertThat(ortrainWarnings(compile(withTrainerAndValidation("epochs = 10", "earlyStoppingMonitor = \"val_loss\"",
        "patience = 9")))).isEmpty();
  }

  /** The smallest patience against a single validation, which can only set the best. */
  @Test
  void patienceOneWithASingleValidationWarns() {
    assertWarning(compile(withTrainerAndValidation("epochs = 1", "earlyStoppingMonitor = \"val_loss\"",
        "patience = 1")), "[ortrain/Suspicious] patience = 1 can never run out: only 1 validation(s) happen in 1"
            + " epochs, so early stopping will never stop training; lower patience or train longer", "patience = 1");
  }

  /** Validating every third of ten epochs makes three validations, not ten. */
  @Test
  void patienceCountsValidationsNotEpochs() {
    assertWarning(compile(withTrainerAndValidation("epochs = 10", "validateEvery = 3",
        "earlyStoppingMonitor = \"val_loss\"", "patience = 3")), "[ortrain/Suspicious] patience = 3 can never run out:"
            + " only 3 validation(s) happen in 10 epochs, so early stopping will never stop training; lower patience"
            + " or train longer", "patience = 3");
    assertThat(ortrainWarnings(compile(withTrainerAndValidation("epochs = 10", "validateEvery = 3",
        "earlyStoppingMonitor = \"val_loss\"", "patience = 2")))).isEmpty();
  }

  /** Per-step validations depend on the data's size, which the build does not know: no warning. */
  @Test
  void patienceOfStepValidationsIsNotJudged() {
    assertThat(ortrainWarnings(compile(withTrainerAndValidation("epochs = 2", "validationUnit = Unit.STEP",
        "earlyStoppingMonitor = \"val_loss\"", "patience = 50")))).isEmpty();
  }

  @Test
  void anAdamwLearningRateAtTheThresholdIsNotHigh() {
    assertThat(ortrainWarnings(compile(withTrainer("learningRate = 0.1")))).isEmpty();
    assertWarning(compile(withTrainer("learningRate = 0.11")), "[ortrain/Suspicious] learningRate = 0.11 is unusually"
        + " high for ADAMW (usual: 1e-4 to 1e-2); training will probably diverge", "learningRate = 0.11");
    assertThat(ortrainWarnings(compile(withTrainer("optimizer = OptimizerType.SGD", "learningRate = 0.5"))))
        .isEmpty();
  }

  @Test
  void keepingEveryCheckpointOfAnEpochScheduleIsFine() {
    assertThat(ortrainWarnings(compile(withTrainer("checkpointEvery = 1", "keepLast = 0")))).isEmpty();
    assertThat(ortrainWarnings(compile(withTrainer("checkpointEvery = 100", "checkpointUnit = Unit.STEP",
        "keepLast = 1")))).isEmpty();
  }

  @Test
  void earlyStoppingSettingsWithoutAMonitorAreEachNamed() {
    assertThat(ortrainWarnings(compile(withTrainer("patience = 5", "minDelta = 0.1")))).containsExactly(
        "[ortrain/IgnoredSetting] patience is ignored without earlyStoppingMonitor (early stopping is off)",
        "[ortrain/IgnoredSetting] minDelta is ignored without earlyStoppingMonitor (early stopping is off)");
  }

  @Test
  void aSkippedStepBudgetWithTheSkipPolicyIsUsed() {
    assertThat(ortrainWarnings(compile(withTrainer("nanPolicy = NanAction.SKIP", "maxSkippedSteps = 3"))))
        .isEmpty();
  }
}
