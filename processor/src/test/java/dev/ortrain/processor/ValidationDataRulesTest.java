package dev.ortrain.processor;

import static dev.ortrain.processor.Compilations.assertSingleError;
import static dev.ortrain.processor.Compilations.compile;
import static dev.ortrain.processor.Experiments.withTrainer;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What only validation uses needs a {@code @ValidationData} method. */
class ValidationDataRulesTest {

  @Test
  void validationFrequencyWithoutValidationData() {
    assertSingleError(compile(withTrainer("validateEvery = 2")), "[ortrain/NeedsValidationData] validateEvery needs"
        + " validation data, but Exp has no @ValidationData method; add one or remove validateEvery",
        "validateEvery = 2");
  }

  @Test
  void earlyStoppingWithoutValidationData() {
    assertSingleError(compile(withTrainer("earlyStoppingMonitor = \"val_loss\"")), "[ortrain/NeedsValidationData]"
        + " earlyStoppingMonitor = \"val_loss\" needs validation data, but Exp has no @ValidationData method; add one"
        + " or remove earlyStoppingMonitor", "earlyStoppingMonitor =");
  }

  @Test
  void plateauScheduleWithoutValidationData() {
    assertSingleError(compile(Experiments.experiment(List.of(), List.of("@Schedule(type = ScheduleType.PLATEAU)"),
        Experiments.PROVIDERS)), "[ortrain/NeedsValidationData] monitor = \"val_loss\" needs validation data, but Exp"
            + " has no @ValidationData method; add one or remove monitor", "@Schedule(type = ScheduleType.PLATEAU)");
  }

  @Test
  void validationHookWithoutValidationData() {
    assertSingleError(compile(Experiments.withMembers("  @OnValidationEnd void seen(Map<String, Double> metrics) {}")),
        "[ortrain/NeedsValidationData] @OnValidationEnd seen() needs validation data, but Exp has no @ValidationData"
            + " method; add one or remove @OnValidationEnd", "@OnValidationEnd");
  }
}
