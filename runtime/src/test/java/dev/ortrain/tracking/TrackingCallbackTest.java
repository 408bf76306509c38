package dev.ortrain.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.Trainer;
import dev.ortrain.loop.TrainerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackingCallbackTest {
  private static final int STEPS = TrackingFixtures.STEPS_PER_EPOCH;
  private static final TrainerConfig TWO_EPOCHS = TrackingFixtures.config(2);

  @TempDir Path dir;

  @Test
  void startsWithTheHyperParametersLogsEveryStepAndEpochAndCloses() {
    RecordingLogger logger = new RecordingLogger();
    HyperParameters hyperParameters = HyperParameters.of(TWO_EPOCHS).with("model", "mlp");

    FitResult result = fit(new TrackingCallback(logger, hyperParameters));

    assertEquals(List.of(new TrainingStart(dir, hyperParameters, 0)), logger.starts);
    List<String> epoch = new ArrayList<>(Collections.nCopies(STEPS + 1, "scalars"));
    epoch.add("flush");
    List<String> expected = new ArrayList<>(List.of("start"));
    expected.addAll(epoch);
    expected.addAll(epoch);
    expected.add("close");
    assertEquals(expected, logger.calls);
    assertEquals(LongStream.rangeClosed(1, 2 * STEPS).boxed().toList(),
        List.copyOf(logger.series(TrackingCallback.STEP_LOSS).keySet()));
    logger.series(TrackingCallback.STEP_LEARNING_RATE).values().forEach(lr -> assertEquals(0.01f, lr.floatValue()));
    for (int e = 0; e < 2; e++) {
      RecordingLogger.Logged epochEnd = logger.logged.get((e + 1) * (STEPS + 1) - 1);
      assertEquals((e + 1) * STEPS, epochEnd.step());
      Map<String, Double> record = result.history().get(e);
      assertEquals(Set.of("epoch/train_loss", "epoch/val_loss", "epoch/train_accuracy", "epoch/val_accuracy",
          "epoch/lr"), epochEnd.scalars().keySet(), "the history's metrics, without its epoch counter");
      epochEnd.scalars().forEach((tag, value) -> assertEquals(record.get(tag.substring(6)), value, tag));
    }
  }

  @Test
  void stepLossIsTheMeanPerSampleSinceTheLastLoggedStep() {
    RecordingLogger logger = new RecordingLogger();

    FitResult result = fit(new TrackingCallback(logger, HyperParameters.none(), STEPS));

    // one point per epoch, so each is the epoch's mean training loss (200 samples, the last batch of 8)
    Map<Long, Double> loss = logger.series(TrackingCallback.STEP_LOSS);
    assertEquals(List.of((long) STEPS, 2L * STEPS), List.copyOf(loss.keySet()));
    assertEquals(result.history().get(0).get("train_loss"), loss.get((long) STEPS), 1e-6);
    assertEquals(result.history().get(1).get("train_loss"), loss.get(2L * STEPS), 1e-6);
  }

  @Test
  void logsEveryNthStepOrOnlyEpochs() {
    RecordingLogger everyFifth = new RecordingLogger();
    RecordingLogger epochsOnly = new RecordingLogger();

    fit(new TrackingCallback(everyFifth, HyperParameters.none(), 5),
        new TrackingCallback(epochsOnly, HyperParameters.none(), 0));

    assertEquals(List.of(5L, 10L, 15L, 20L, 25L),
        List.copyOf(everyFifth.series(TrackingCallback.STEP_LEARNING_RATE).keySet()));
    assertTrue(epochsOnly.series(TrackingCallback.STEP_LOSS).isEmpty());
    assertEquals(List.of((long) STEPS, 2L * STEPS), List.copyOf(epochsOnly.series("epoch/train_loss").keySet()));
  }

  @Test
  void aResumedRunStartsAtItsCheckpointsStepAndLogsOnlyLaterSteps() {
    Callback checkpointAfterFirstEpoch = new Callback() {
      @Override
      public void onEpochEnd(TrainingContext ctx) {
        if (ctx.epoch() == 0) {
          ctx.saveCheckpoint("first");
        }
      }
    };
    fit(checkpointAfterFirstEpoch);
    RecordingLogger logger = new RecordingLogger();

    try (Trainer t = TrackingFixtures.trainer(TWO_EPOCHS, dir)
        .callback(new TrackingCallback(logger, HyperParameters.none())).build()) {
      t.resume(dir.resolve("checkpoints/first"));
    }

    TrainingStart start = logger.starts.get(0);
    assertEquals(STEPS, start.globalStep());
    assertTrue(start.resumed());
    assertEquals(LongStream.rangeClosed(STEPS + 1, 2 * STEPS).boxed().toList(),
        List.copyOf(logger.series(TrackingCallback.STEP_LOSS).keySet()));
  }

  @Test
  void refusesANegativeInterval() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TrackingCallback(new RecordingLogger(), HyperParameters.none(), -1));
    assertTrue(e.getMessage().contains("everySteps must be at least 0"), e.getMessage());
  }

  @Test
  void runsWithTheLoggers() {
    assertEquals(Callback.LOGGING, new TrackingCallback(new RecordingLogger(), HyperParameters.none()).order());
  }

  @Test
  void aStartAtStepZeroIsNotAResumeAndNegativeStepsAreRefused() {
    assertFalse(new TrainingStart(dir, HyperParameters.none(), 0).resumed());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TrainingStart(dir, HyperParameters.none(), -1));
    assertTrue(e.getMessage().contains("globalStep must be at least 0, got -1"), e.getMessage());
  }

  private FitResult fit(Callback... callbacks) {
    try (Trainer t = TrackingFixtures.trainer(TWO_EPOCHS, dir).callbacks(List.of(callbacks)).build()) {
      return t.fit();
    }
  }
}
