package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.AnnotationModel;
import dev.ortrain.processor.model.Experiment;

/**
 * Legal settings that are probably mistakes (warnings), and settings that only work together with another one.
 */
final class SuspiciousSettingsCheck implements Check {
  /** Above this AdamW usually diverges; PyTorch's default is 1e-3. */
  static final double HIGH_ADAMW_LEARNING_RATE = 0.1;

  @Override
  public void check(Experiment experiment, Reporter reporter) {
    AnnotationModel trainer = experiment.trainer();
    double learningRate = trainer.doubleValue("learningRate");
    if (trainer.stringValue("optimizer").equals("ADAMW") && learningRate > HIGH_ADAMW_LEARNING_RATE) {
      reporter.report(Message.SUSPICIOUS, trainer.at("learningRate"), "learningRate = " + learningRate
          + " is unusually high for ADAMW (usual: 1e-4 to 1e-2); training will probably diverge");
    }
    checkEarlyStopping(trainer, reporter);
    checkCheckpoints(trainer, reporter);
    if (trainer.stringValue("nanPolicy").equals("FAIL") && trainer.isExplicit("maxSkippedSteps")) {
      reporter.report(Message.IGNORED_SETTING, trainer.at("maxSkippedSteps"), "maxSkippedSteps",
          "with nanPolicy = FAIL (nothing is skipped)");
    }
  }

  private static void checkEarlyStopping(AnnotationModel trainer, Reporter reporter) {
    if (trainer.stringValue("earlyStoppingMonitor").isEmpty()) {
      for (String attribute : new String[] {"patience", "minDelta", "mode", "restoreBestWeights"}) {
        if (trainer.isExplicit(attribute)) {
          reporter.report(Message.IGNORED_SETTING, trainer.at(attribute), attribute,
              "without earlyStoppingMonitor (early stopping is off)");
        }
      }
      return;
    }
    if (!trainer.stringValue("validationUnit").equals("EPOCH")) {
      return; // validations per epoch depend on the data
    }
    int validations = trainer.intValue("epochs") / Math.max(1, trainer.intValue("validateEvery"));
    int patience = trainer.intValue("patience");
    if (patience >= validations && patience >= 1) {
      reporter.report(Message.SUSPICIOUS, trainer.at("patience"), "patience = " + patience + " can never run out:"
          + " only " + validations + " validation(s) happen in " + trainer.intValue("epochs") + " epochs, so early"
          + " stopping will never stop training; lower patience or train longer");
    }
  }

  private static void checkCheckpoints(AnnotationModel trainer, Reporter reporter) {
    int every = trainer.intValue("checkpointEvery");
    if (every == 0) {
      if (!trainer.stringValue("checkpointMonitor").isEmpty()) {
        reporter.report(Message.CONFLICT, trainer.at("checkpointMonitor"), "checkpointMonitor = \""
            + trainer.stringValue("checkpointMonitor") + "\" needs checkpoints; set checkpointEvery, e.g. 1");
      }
      for (String attribute : new String[] {"checkpointUnit", "keepLast", "checkpointMode"}) {
        if (trainer.isExplicit(attribute)) {
          reporter.report(Message.IGNORED_SETTING, trainer.at(attribute), attribute,
              "without checkpointEvery (checkpoints are off)");
        }
      }
      return;
    }
    if (trainer.intValue("keepLast") == 0 && trainer.stringValue("checkpointUnit").equals("STEP")) {
      reporter.report(Message.SUSPICIOUS, trainer.at("keepLast"), "keepLast = 0 keeps every checkpoint; with one"
          + " every " + every + " step(s) a long run fills the disk; keep a few, e.g. keepLast = 3");
    }
  }
}
