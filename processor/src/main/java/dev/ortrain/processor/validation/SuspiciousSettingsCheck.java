package dev.ortrain.processor.validation;

import dev.ortrain.annotations.NanAction;
import dev.ortrain.annotations.OptimizerType;
import dev.ortrain.annotations.Unit;
import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.DeclaredSettings;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.TrainerAnnotation;
import dev.ortrain.settings.Setting;
import java.util.List;

/**
 * Legal settings that are probably mistakes (warnings), and settings that only work together with another one.
 */
final class SuspiciousSettingsCheck implements Check {
  /** Above this AdamW usually diverges; PyTorch's default is 1e-3. */
  static final double HIGH_ADAMW_LEARNING_RATE = 0.1;
  private static final List<Setting> EARLY_STOPPING = List.of(Setting.PATIENCE, Setting.MIN_DELTA, Setting.MODE,
      Setting.RESTORE_BEST_WEIGHTS);
  private static final List<Setting> CHECKPOINTS = List.of(Setting.CHECKPOINT_UNIT, Setting.KEEP_LAST,
      Setting.CHECKPOINT_MODE);

  @Override
  public void check(Experiment experiment, Reporter reporter) {
    TrainerAnnotation trainer = experiment.trainer();
    DeclaredSettings settings = trainer.settings();
    double learningRate = trainer.learningRate();
    if (trainer.optimizer() == OptimizerType.ADAMW && learningRate > HIGH_ADAMW_LEARNING_RATE) {
      reporter.report(Message.SUSPICIOUS, settings.at(Setting.LEARNING_RATE), "learningRate = " + learningRate
          + " is unusually high for ADAMW (usual: 1e-4 to 1e-2); training will probably diverge");
    }
    checkEarlyStopping(trainer, reporter);
    checkCheckpoints(trainer, reporter);
    if (trainer.nanPolicy() == NanAction.FAIL && settings.isExplicit(Setting.MAX_SKIPPED_STEPS)) {
      reporter.report(Message.IGNORED_SETTING, settings.at(Setting.MAX_SKIPPED_STEPS), "maxSkippedSteps",
          "with nanPolicy = FAIL (nothing is skipped)");
    }
  }

  private static void checkEarlyStopping(TrainerAnnotation trainer, Reporter reporter) {
    DeclaredSettings settings = trainer.settings();
    if (trainer.earlyStoppingMonitor().isEmpty()) {
      for (Setting setting : EARLY_STOPPING) {
        if (settings.isExplicit(setting)) {
          reporter.report(Message.IGNORED_SETTING, settings.at(setting), setting.attribute(),
              "without earlyStoppingMonitor (early stopping is off)");
        }
      }
      return;
    }
    if (trainer.validationUnit() != Unit.EPOCH) {
      return; // validations per epoch depend on the data
    }
    int validations = trainer.epochs() / Math.max(1, trainer.validateEvery());
    int patience = trainer.patience();
    if (patience >= validations && patience >= 1) {
      reporter.report(Message.SUSPICIOUS, settings.at(Setting.PATIENCE), "patience = " + patience + " can never run"
          + " out: only " + validations + " validation(s) happen in " + trainer.epochs() + " epochs, so early"
          + " stopping will never stop training; lower patience or train longer");
    }
  }

  private static void checkCheckpoints(TrainerAnnotation trainer, Reporter reporter) {
    DeclaredSettings settings = trainer.settings();
    if (trainer.checkpointEvery().isEmpty()) {
      trainer.checkpointMonitor().ifPresent(monitor -> reporter.report(Message.CONFLICT,
          settings.at(Setting.CHECKPOINT_MONITOR), "checkpointMonitor = \"" + monitor + "\" needs checkpoints; set"
              + " checkpointEvery, e.g. 1"));
      for (Setting setting : CHECKPOINTS) {
        if (settings.isExplicit(setting)) {
          reporter.report(Message.IGNORED_SETTING, settings.at(setting), setting.attribute(),
              "without checkpointEvery (checkpoints are off)");
        }
      }
      return;
    }
    int every = trainer.checkpointEvery().get();
    if (trainer.keepLast() == 0 && trainer.checkpointUnit() == Unit.STEP) {
      reporter.report(Message.SUSPICIOUS, settings.at(Setting.KEEP_LAST), "keepLast = 0 keeps every checkpoint; with"
          + " one every " + every + " step(s) a long run fills the disk; keep a few, e.g. keepLast = 3");
    }
  }
}
