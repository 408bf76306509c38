package dev.ortrain.processor;

import static dev.ortrain.processor.Compilations.assertSingleError;
import static dev.ortrain.processor.Compilations.assertWarning;
import static dev.ortrain.processor.Compilations.compile;
import static dev.ortrain.processor.Experiments.withTrainer;
import static dev.ortrain.processor.Experiments.withTrainerAndValidation;

import org.junit.jupiter.api.Test;

/** Legal but suspicious settings are warnings; settings that need another one are errors or warnings. */
class SuspiciousSettingsTest {

  @Test
  void highAdamwLearningRate() {
    assertWarning(compile(withTrainer("learningRate = 0.5")), "[ortrain/Suspicious] learningRate = 0.5 is unusually"
        + " high for ADAMW (usual: 1e-4 to 1e-2); training will probably diverge", "learningRate = 0.5");
  }

  @Test
  void patienceThatCanNeverRunOut() {
    assertWarning(compile(withTrainerAndValidation("epochs = 10", "earlyStoppingMonitor = \"val_loss\"",
        "patience = 20")), "[ortrain/Suspicious] patience = 20 can never run out: only 10 validation(s) happen in 10"
            + " epochs, so early stopping will never stop training; lower patience or train longer", "patience = 20");
  }

  @Test
  void keepingEveryCheckpointOfAStepSchedule() {
    assertWarning(compile(withTrainer("checkpointEvery = 100", "checkpointUnit = Unit.STEP", "keepLast = 0")),
        "[ortrain/Suspicious] keepLast = 0 keeps every checkpoint; with one every 100 step(s) a long run fills the"
            + " disk; keep a few, e.g. keepLast = 3", "keepLast = 0");
  }

  @Test
  void restoringBestWeightsWithoutEarlyStopping() {
    assertWarning(compile(withTrainer("restoreBestWeights = true")), "[ortrain/IgnoredSetting] restoreBestWeights is"
        + " ignored without earlyStoppingMonitor (early stopping is off)", "restoreBestWeights = true");
  }

  @Test
  void checkpointSettingsWithoutCheckpoints() {
    assertWarning(compile(withTrainer("keepLast = 5")), "[ortrain/IgnoredSetting] keepLast is ignored without"
        + " checkpointEvery (checkpoints are off)", "keepLast = 5");
  }

  @Test
  void skippedStepBudgetWhenNothingIsSkipped() {
    assertWarning(compile(withTrainer("maxSkippedSteps = 3")), "[ortrain/IgnoredSetting] maxSkippedSteps is ignored"
        + " with nanPolicy = FAIL (nothing is skipped)", "maxSkippedSteps = 3");
  }

  @Test
  void bestCheckpointWithoutCheckpoints() {
    assertSingleError(compile(withTrainerAndValidation("checkpointMonitor = \"val_loss\"")), "[ortrain/Conflict]"
        + " checkpointMonitor = \"val_loss\" needs checkpoints; set checkpointEvery, e.g. 1", "checkpointMonitor =");
  }
}
