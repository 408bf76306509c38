package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.AnnotationModel;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.Hook;
import dev.ortrain.processor.model.ProviderKind;
import java.util.List;

/** Everything that only means something when validation runs needs a {@code @ValidationData} method. */
final class ValidationDataCheck implements Check {
  private static final List<String> VALIDATION_SETTINGS = List.of("validateEvery", "validationUnit",
      "validationBatches", "validationFraction");

  @Override
  public void check(Experiment experiment, Reporter reporter) {
    if (experiment.has(ProviderKind.VALIDATION_DATA)) {
      return;
    }
    String name = experiment.simpleName();
    AnnotationModel trainer = experiment.trainer();
    for (String attribute : VALIDATION_SETTINGS) {
      if (trainer.isExplicit(attribute)) {
        reporter.report(Message.NEEDS_VALIDATION_DATA, trainer.at(attribute), attribute, name, attribute);
      }
    }
    for (Monitored monitored : Monitored.in(experiment)) {
      reporter.report(Message.NEEDS_VALIDATION_DATA, monitored.location(),
          monitored.attribute() + " = \"" + monitored.metric() + "\"", name, monitored.attribute());
    }
    for (Hook hook : experiment.hooks()) {
      if (hook.event().isValidation()) {
        reporter.report(Message.NEEDS_VALIDATION_DATA, hook.annotation().location(),
            "@" + hook.event().simpleName() + " " + hook.name() + "()", name, "@" + hook.event().simpleName());
      }
    }
  }
}
