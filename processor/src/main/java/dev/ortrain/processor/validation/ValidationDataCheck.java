package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.DeclaredSettings;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.Hook;
import dev.ortrain.processor.model.ProviderKind;
import dev.ortrain.settings.Setting;
import java.util.List;

/** Everything that only means something when validation runs needs a {@code @ValidationData} method. */
final class ValidationDataCheck implements Check {
  private static final List<Setting> VALIDATION_SETTINGS = List.of(Setting.VALIDATE_EVERY, Setting.VALIDATION_UNIT,
      Setting.VALIDATION_BATCHES, Setting.VALIDATION_FRACTION);

  @Override
  public void check(Experiment experiment, Reporter reporter) {
    if (experiment.has(ProviderKind.VALIDATION_DATA)) {
      return;
    }
    String name = experiment.simpleName();
    DeclaredSettings trainer = experiment.trainer().settings();
    for (Setting setting : VALIDATION_SETTINGS) {
      if (trainer.isExplicit(setting)) {
        reporter.report(Message.NEEDS_VALIDATION_DATA, trainer.at(setting), setting.attribute(), name,
            setting.attribute());
      }
    }
    for (Monitored monitored : Monitored.in(experiment)) {
      reporter.report(Message.NEEDS_VALIDATION_DATA, monitored.location(),
          monitored.attribute() + " = \"" + monitored.metric() + "\"", name, monitored.attribute());
    }
    for (Hook hook : experiment.hooks()) {
      if (hook.event().isValidation()) {
        reporter.report(Message.NEEDS_VALIDATION_DATA, hook.annotation(),
            "@" + hook.event().simpleName() + " " + hook.name() + "()", name, "@" + hook.event().simpleName());
      }
    }
  }
}
