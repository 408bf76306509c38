package dev.ortrain.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ortrain.schedule.Interval;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * When ModelCheckpoint writes and what it keeps, against a scripted run: every N optimizer steps or epochs, N-1
 * and N+1 writing nothing, and the newest {@code keepLast} kept with the best one spared.
 */
class ModelCheckpointScheduleTest {
  /** A run at a settable epoch and step that records what the callback asks of it. */
  private static final class Run {
    int epoch;
    long step;
    final List<String> requests = new ArrayList<>();

    TrainingContext context() {
      return (TrainingContext) Proxy.newProxyInstance(TrainingContext.class.getClassLoader(),
          new Class<?>[] {TrainingContext.class}, (proxy, method, args) -> switch (method.getName()) {
            case "globalStep" -> step;
            case "epoch" -> epoch;
            case "saveCheckpoint", "deleteCheckpoint" -> {
              requests.add(method.getName() + " " + args[0]);
              yield null;
            }
            case "pruneCheckpoints" -> {
              requests.add("prune " + args[0] + " sparing " + args[1]);
              yield null;
            }
            default -> throw new UnsupportedOperationException(method.getName());
          });
    }

    /** One micro-batch that ends with an optimizer step (or, with {@code stepped} false, inside a window). */
    void batch(ModelCheckpoint callback, boolean stepped) {
      if (stepped) {
        step++;
      }
      callback.onBatchBegin(context());
      callback.onBatchEnd(context(), new BatchOutcome(0.5f, 1f, 16, stepped, false, 0.01));
    }
  }

  @Test
  void everyThreeStepsWritesAtStepsThreeAndSixOnly() {
    Run run = new Run();
    ModelCheckpoint checkpoints = new ModelCheckpoint(3, Interval.STEP, 0, null);
    for (int i = 0; i < 7; i++) {
      run.batch(checkpoints, true);
    }
    assertEquals(List.of("saveCheckpoint epoch-0001-step-00000003", "saveCheckpoint epoch-0001-step-00000006"),
        run.requests, "keepLast 0 prunes nothing");
    assertEquals(Optional.of("epoch-0001-step-00000006"), checkpoints.lastCheckpoint());
  }

  /** With accumulation, the micro-batches after a step see the same step count: they write nothing again. */
  @Test
  void aMicroBatchWithoutAnOptimizerStepWritesNothing() {
    Run run = new Run();
    ModelCheckpoint checkpoints = new ModelCheckpoint(1, Interval.STEP, 0, null);
    run.batch(checkpoints, true);
    run.batch(checkpoints, false);
    run.batch(checkpoints, false);
    assertEquals(List.of("saveCheckpoint epoch-0001-step-00000001"), run.requests);
  }

  @Test
  void aStepIntervalWritesNothingAtAnEpochsEnd() {
    Run run = new Run();
    ModelCheckpoint checkpoints = new ModelCheckpoint(1, Interval.STEP, 0, null);
    run.step = 5;
    checkpoints.onEpochEnd(run.context());
    assertEquals(List.of(), run.requests);
  }

  @Test
  void everyTwoEpochsWritesAfterTheSecondAndFourthEpochAndNoBatchWrites() {
    Run run = new Run();
    ModelCheckpoint checkpoints = new ModelCheckpoint(2, Interval.EPOCH, 0, null);
    for (int epoch = 0; epoch < 5; epoch++) {
      run.epoch = epoch;
      run.batch(checkpoints, true);
      checkpoints.onEpochEnd(run.context());
    }
    assertEquals(List.of("saveCheckpoint epoch-0002-step-00000002", "saveCheckpoint epoch-0004-step-00000004"),
        run.requests);
  }

  /** Each periodic checkpoint asks to keep the newest keepLast, sparing the best, which was written before it. */
  @Test
  void eachCheckpointPrunesToKeepLastSparingTheBest() {
    Run run = new Run();
    ModelCheckpoint checkpoints = new ModelCheckpoint(1, Interval.EPOCH, 1, Monitor.of("val_loss"));
    run.batch(checkpoints, true);
    checkpoints.onEpochEnd(run.context());
    run.batch(checkpoints, true);
    checkpoints.onValidationEnd(run.context(), Map.of("val_loss", 0.5));
    run.epoch = 1;
    checkpoints.onEpochEnd(run.context());
    assertEquals(List.of("saveCheckpoint epoch-0001-step-00000001", "prune 1 sparing []",
        "saveCheckpoint best-step-00000002", "saveCheckpoint epoch-0002-step-00000002",
        "prune 1 sparing [best-step-00000002]"), run.requests);
  }

  /** A better value replaces the best checkpoint: the new one is written, then the old one deleted. */
  @Test
  void aBetterValueWritesTheNewBestThenDeletesTheOldOne() {
    Run run = new Run();
    ModelCheckpoint checkpoints = new ModelCheckpoint(100, Interval.STEP, 2, Monitor.of("val_loss"));
    run.step = 4;
    checkpoints.onValidationEnd(run.context(), Map.of("val_loss", 0.5));
    checkpoints.onTrainEnd(run.context());
    run.step = 8;
    checkpoints.onValidationEnd(run.context(), Map.of("val_loss", 0.7));
    checkpoints.onTrainEnd(run.context());
    run.step = 9;
    checkpoints.onValidationEnd(run.context(), Map.of("val_loss", 0.4));
    checkpoints.onTrainEnd(run.context());
    assertEquals(List.of("saveCheckpoint best-step-00000004", "saveCheckpoint best-step-00000009",
        "deleteCheckpoint best-step-00000004"), run.requests, "0.7 is no improvement on 0.5");
    assertEquals(Optional.of("best-step-00000009"), checkpoints.bestCheckpoint());
  }

  @Test
  void aMonitoredMetricValidationDoesNotReportIsNamed() {
    ModelCheckpoint checkpoints = new ModelCheckpoint(1, Interval.EPOCH, 2, Monitor.of("val_accuracy"));
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> checkpoints.onValidationEnd(new Run().context(), Map.of("val_loss", 0.5)));
    assertEquals("ModelCheckpoint monitors 'val_accuracy' but validation reported [val_loss]; monitor one of those",
        e.getMessage());
  }

  @Test
  void withoutAMonitorValidationsWriteNoBestCheckpoint() {
    Run run = new Run();
    ModelCheckpoint checkpoints = new ModelCheckpoint(100, Interval.STEP, 2, null);
    checkpoints.onValidationEnd(run.context(), Map.of("val_loss", 0.5));
    checkpoints.onTrainEnd(run.context());
    assertEquals(List.of(), run.requests);
    assertEquals(Optional.empty(), checkpoints.bestCheckpoint());
  }
}
