package dev.ortrain.processor.validation;

import dev.ortrain.annotations.OptimizerType;
import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.TrainerAnnotation;
import dev.ortrain.settings.Setting;
import java.util.List;

/** Settings that belong to the other optimizer, and Nesterov without momentum. */
final class OptimizerCheck implements Check {
  private static final List<Setting> SGD_ONLY = List.of(Setting.MOMENTUM, Setting.NESTEROV);
  private static final List<Setting> ADAMW_ONLY = List.of(Setting.BETA1, Setting.BETA2, Setting.EPSILON);

  @Override
  public void check(Experiment experiment, Reporter reporter) {
    TrainerAnnotation trainer = experiment.trainer();
    checkIgnored(trainer, reporter);
    if (trainer.optimizer() == OptimizerType.SGD && trainer.nesterov() && trainer.momentum() == 0) {
      reporter.report(Message.NESTEROV_WITHOUT_MOMENTUM, trainer.settings().at(Setting.NESTEROV));
    }
  }

  /** The settings only the other optimizer reads. */
  private static void checkIgnored(TrainerAnnotation trainer, Reporter reporter) {
    OptimizerType optimizer = trainer.optimizer();
    List<Setting> ignored = switch (optimizer) {
      case SGD -> ADAMW_ONLY;
      case ADAMW -> SGD_ONLY;
    };
    OptimizerType reader = switch (optimizer) {
      case SGD -> OptimizerType.ADAMW;
      case ADAMW -> OptimizerType.SGD;
    };
    for (Setting setting : ignored) {
      if (trainer.settings().isExplicit(setting)) {
        reporter.report(Message.IGNORED_SETTING, trainer.settings().at(setting), setting.attribute(),
            "by optimizer = " + optimizer + " (it applies to " + reader + " only)");
      }
    }
  }
}
