package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.AnnotationModel;
import dev.ortrain.processor.model.Experiment;
import java.util.List;

/** Settings that belong to the other optimizer, and Nesterov without momentum. */
final class OptimizerCheck implements Check {
  private static final List<String> SGD_ONLY = List.of("momentum", "nesterov");
  private static final List<String> ADAMW_ONLY = List.of("beta1", "beta2", "epsilon");

  @Override
  public void check(Experiment experiment, Reporter reporter) {
    AnnotationModel trainer = experiment.trainer();
    boolean sgd = trainer.stringValue("optimizer").equals("SGD");
    for (String attribute : sgd ? ADAMW_ONLY : SGD_ONLY) {
      if (trainer.isExplicit(attribute)) {
        reporter.report(Message.IGNORED_SETTING, trainer.at(attribute), attribute,
            "by optimizer = " + (sgd ? "SGD (it applies to ADAMW only)" : "ADAMW (it applies to SGD only)"));
      }
    }
    if (sgd && trainer.booleanValue("nesterov") && trainer.doubleValue("momentum") == 0) {
      reporter.report(Message.NESTEROV_WITHOUT_MOMENTUM, trainer.at("nesterov"));
    }
  }
}
