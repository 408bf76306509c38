package dev.ortrain.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A trial stops when its metric at an epoch is worse than the completed trials' median there. */
class SweepMedianStoppingRuleTest {
  private static final SweepDefinition DEFINITION = new SweepDefinition("x.Tiny",
      List.of(GridAxis.parse("learningRate=0.1,0.2,0.3,0.4,0.5")), List.of(), 0, 0, List.of(1L), List.of(),
      "val_accuracy", PruneRule.MEDIAN);
  private static final Trial NEXT = DEFINITION.trials().get(4);

  private static TrialResult completed(int trial, TrialStatus status, double... accuracy) {
    return finished(trial, status, "val_accuracy", accuracy);
  }

  private static TrialResult finished(int trial, TrialStatus status, String metric, double... values) {
    List<Map<String, Double>> history = new ArrayList<>();
    for (double value : values) {
      history.add(Map.of(metric, value));
    }
    return new TrialResult(DEFINITION.trials().get(trial), status, history, "");
  }

  private static Optional<String> at(Pruner rule, int epoch, double accuracy) {
    return rule.epochEnded(NEXT, epoch, Map.of("val_accuracy", accuracy, "val_loss", 1.0));
  }

  @Test
  void aTrialWorseThanTheMedianAtItsEpochStops() {
    Pruner rule = PruneRule.MEDIAN.pruner(new MonitoredMetric("val_accuracy"));
    rule.finished(completed(0, TrialStatus.COMPLETED, 0.5, 0.7));
    rule.finished(completed(1, TrialStatus.COMPLETED, 0.6, 0.8));
    assertEquals(Optional.empty(), at(rule, 1, 0.1), "two completed trials do not make a median yet");
    rule.finished(completed(2, TrialStatus.PRUNED, 0.2));
    assertEquals(Optional.empty(), at(rule, 1, 0.1), "a pruned trial does not count");
    rule.finished(completed(3, TrialStatus.COMPLETED, 0.7, 0.9));
    assertEquals(Optional.empty(), at(rule, 1, 0.6), "as good as the median (0.5, 0.6, 0.7) goes on");
    assertEquals(Optional.empty(), at(rule, 2, 0.85), "higher accuracy is better");
    assertEquals(Optional.of("pruned: val_accuracy 0.550000 at epoch 1 is worse than the median 0.600000 of 3"
        + " completed trials"), at(rule, 1, 0.55));
    assertTrue(at(rule, 2, 0.79).isPresent());
    assertEquals(Optional.empty(), at(rule, 3, 0.0), "no completed trial reached epoch 3");
    assertTrue(at(rule, 1, Double.NaN).isPresent(), "a diverged trial is worse than any");
  }

  @Test
  void lowerIsBetterForLossesAndAMissingMetricIsNamed() {
    MedianStoppingRule rule = new MedianStoppingRule(new MonitoredMetric("val_loss"), 1);
    rule.finished(finished(0, TrialStatus.COMPLETED, "val_loss", 0.5));
    assertEquals(Optional.empty(), rule.epochEnded(NEXT, 1, Map.of("val_loss", 0.4, "val_accuracy", 0.0)));
    assertTrue(rule.epochEnded(NEXT, 1, Map.of("val_loss", 0.6, "val_accuracy", 1.0)).isPresent());
    String error = assertThrows(SweepInputException.class,
        () -> rule.epochEnded(NEXT, 1, Map.of("epoch", 1.0, "val_accuracy", 0.1))).getMessage();
    assertEquals("the sweep compares trials by val_loss, which the trials do not report; they report val_accuracy."
        + " Give one of those with --metric", error);
    assertEquals(Optional.empty(), rule.epochEnded(NEXT, 1, Map.of("train_loss", 0.9)),
        "an epoch before the first validation has no val_ metric yet");
  }

  @Test
  void aMetricNoEpochReportedIsNamedAtTheTrialsEnd() {
    MetricCheck check = new MetricCheck(new MonitoredMetric("accuracy"), Pruner.NEVER);
    assertEquals(Optional.empty(), check.epochEnded(NEXT, 1, Map.of("val_accuracy", 0.5)));
    assertEquals("the sweep compares trials by accuracy, which the trials do not report; they report val_accuracy."
        + " Give one of those with --metric", assertThrows(SweepInputException.class,
            () -> check.trialEnded(NEXT, List.of(Map.of("epoch", 1.0, "val_accuracy", 0.5)))).getMessage());
    check.trialEnded(NEXT, List.of()); // a trial that trained no epoch tells nothing
  }

  @Test
  void noPruningLetsEveryTrialRun() {
    Pruner never = PruneRule.NONE.pruner(new MonitoredMetric("val_accuracy"));
    never.finished(completed(0, TrialStatus.COMPLETED, 0.9));
    assertEquals(Optional.empty(), at(never, 1, 0.0));
  }
}
