package dev.ortrain.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * EarlyStopping's patience against a scripted run: it stops at the patience-th validation without improvement,
 * not at the one before, and an improvement starts the count again.
 */
class EarlyStoppingPatienceTest {
  /** A run at a settable step that records the stops asked of it and fails on anything else. */
  private static final class Run {
    long step;
    final List<String> stops = new ArrayList<>();

    TrainingContext context() {
      return (TrainingContext) Proxy.newProxyInstance(TrainingContext.class.getClassLoader(),
          new Class<?>[] {TrainingContext.class}, (proxy, method, args) -> switch (method.getName()) {
            case "globalStep" -> step;
            case "stop" -> {
              stops.add((String) args[0]);
              yield null;
            }
            default -> throw new UnsupportedOperationException(method.getName());
          });
    }

    void validate(EarlyStopping callback, double valLoss) {
      step += 10;
      callback.onValidationEnd(context(), Map.of("val_loss", valLoss));
    }
  }

  @Test
  void patienceThreeStopsAtTheThirdValidationWithoutImprovementNotTheSecond() {
    Run run = new Run();
    EarlyStopping stopping = new EarlyStopping(Monitor.of("val_loss"), 3, false);
    run.validate(stopping, 1.0);
    run.validate(stopping, 1.1);
    run.validate(stopping, 1.0);
    assertEquals(List.of(), run.stops, "two validations without improvement are within a patience of three");
    run.validate(stopping, 1.2);
    assertEquals(List.of("early stopping: val_loss did not improve on 1.00000 (step 10) for 3 validation(s)"),
        run.stops);
  }

  @Test
  void anImprovementStartsTheCountAgain() {
    Run run = new Run();
    EarlyStopping stopping = new EarlyStopping(Monitor.of("val_loss"), 2, false);
    run.validate(stopping, 1.0);
    run.validate(stopping, 1.5);
    run.validate(stopping, 0.5);
    run.validate(stopping, 0.6);
    assertEquals(List.of(), run.stops, "one bad validation since the improvement at step 30");
    run.validate(stopping, Double.NaN);
    assertEquals(List.of("early stopping: val_loss did not improve on 0.500000 (step 30) for 2 validation(s)"),
        run.stops, "a NaN loss counts as no improvement");
    assertEquals(0.5, stopping.best());
  }

  @Test
  void patienceOneStopsAtTheFirstValidationWithoutImprovement() {
    Run run = new Run();
    EarlyStopping stopping = new EarlyStopping(Monitor.of("val_accuracy"), 1, false);
    stopping.onValidationEnd(run.context(), Map.of("val_accuracy", 0.5));
    assertEquals(List.of(), run.stops, "the first value is the best so far");
    stopping.onValidationEnd(run.context(), Map.of("val_accuracy", 0.5));
    assertEquals(List.of("early stopping: val_accuracy did not improve on 0.500000 (step 0) for 1 validation(s)"),
        run.stops, "an equal accuracy is no improvement");
  }

  @Test
  void aMonitoredMetricValidationDoesNotReportIsNamed() {
    EarlyStopping stopping = new EarlyStopping(Monitor.of("val_f1"), 2, false);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> stopping.onValidationEnd(new Run().context(), Map.of("val_loss", 0.5)));
    assertEquals("EarlyStopping monitors 'val_f1' but validation reported [val_loss]; monitor one of those",
        e.getMessage());
  }

  /** Without restoreBestWeights, the end of training asks nothing of the run (the scripted one would throw). */
  @Test
  void withoutRestoringTheEndOfTrainingLeavesTheParameters() {
    Run run = new Run();
    EarlyStopping stopping = new EarlyStopping(Monitor.of("val_loss"), 2, false);
    run.validate(stopping, 1.0);
    run.step = 50;
    stopping.onTrainBegin(run.context());
    stopping.onTrainEnd(run.context());
    assertEquals(List.of(), run.stops);
  }

  @Test
  void itsOrderAndStateKeyNameWhatItMonitors() {
    EarlyStopping stopping = new EarlyStopping(Monitor.of("val_loss"), 2, false);
    assertEquals("early_stopping:val_loss", stopping.stateKey());
    assertEquals(Callback.EARLY_STOPPING, stopping.order());
    assertEquals(Monitor.of("val_loss"), stopping.monitor());
  }
}
