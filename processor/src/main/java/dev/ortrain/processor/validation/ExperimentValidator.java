package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.Experiment;
import java.util.List;
import javax.lang.model.util.Elements;

/** Runs every check on an experiment; the caller generates code only when no check reported an error. */
public final class ExperimentValidator {
  private final List<Check> checks;

  public ExperimentValidator(Elements elements) {
    checks = List.of(new DaggerCheck(elements), new ClassCheck(), new ProviderCheck(), new TrainerValuesCheck(),
        new OptimizerCheck(), new ScheduleCheck(), new MetricCheck(), new ValidationDataCheck(), new HookCheck(),
        new ModuleCheck(), new SuspiciousSettingsCheck());
  }

  public void validate(Experiment experiment, Reporter reporter) {
    for (Check check : checks) {
      check.check(experiment, reporter);
    }
  }
}
