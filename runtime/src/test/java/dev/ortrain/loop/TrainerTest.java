package dev.ortrain.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.EarlyStopping;
import dev.ortrain.callbacks.MetricsFile;
import dev.ortrain.callbacks.ModelCheckpoint;
import dev.ortrain.callbacks.Monitor;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.checkpoint.CheckpointStore;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.data.ArrayDataset;
import dev.ortrain.data.DataLoadingException;
import dev.ortrain.data.Dataset;
import dev.ortrain.data.FieldSpec;
import dev.ortrain.data.FieldValues;
import dev.ortrain.data.SampleContext;
import dev.ortrain.data.Transform;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.metrics.Accuracy;
import dev.ortrain.schedule.Interval;
import dev.ortrain.schedule.ReduceOnPlateau;
import dev.ortrain.schedule.Schedule;
import dev.ortrain.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  @TempDir Path dir;

  private Trainer.Builder base(TrainerConfig config) {
    return Trainer.builder().config(config).model(TrainerFixtures.mlp(false)).loss(CrossEntropyLoss.create())
        .trainData(TrainerFixtures.clusters(200, 1)).validationData(TrainerFixtures.clusters(64, 2))
        .testData(TrainerFixtures.clusters(64, 3)).metrics(new Accuracy()).runDirectory(dir.resolve("run"))
        .log(m -> { });
  }

  private static TrainerConfig.Builder config() {
    return TrainerConfig.builder().epochs(4).batchSize(16).threads(1).learningRate(0.01f);
  }

  @Test
  void fitTrainsValidatesAndTests() throws Exception {
    List<String> events = new ArrayList<>();
    Callback recorder = new Callback() {
      @Override
      public void onTrainBegin(TrainingContext ctx) {
        events.add("train_begin");
      }

      @Override
      public void onEpochBegin(TrainingContext ctx) {
        events.add("epoch_begin " + ctx.epoch());
      }

      @Override
      public void onValidationEnd(TrainingContext ctx, Map<String, Double> metrics) {
        events.add("validation_end " + metrics.keySet());
      }

      @Override
      public void onEpochEnd(TrainingContext ctx) {
        events.add("epoch_end " + ctx.epoch() + " batches " + ctx.batchInEpoch());
      }

      @Override
      public void onTrainEnd(TrainingContext ctx) {
        events.add("train_end step " + ctx.globalStep());
      }
    };
    try (Trainer t = base(config().build()).callback(recorder).build()) {
      FitResult r = t.fit();
      assertEquals(FitResult.COMPLETED, r.stopReason());
      assertEquals(4, r.epochsCompleted());
      assertEquals(4 * 13, r.globalSteps(), "200 samples in batches of 16: 12 full + 1 partial per epoch");
      assertEquals(4, r.history().size());
      Map<String, Double> first = r.history().get(0);
      Map<String, Double> last = r.history().get(3);
      assertTrue(last.get("train_loss") < first.get("train_loss") * 0.7, r.history().toString());
      assertTrue(last.get("val_accuracy") > 0.85, r.history().toString());
      assertEquals(List.of("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr"),
          List.copyOf(first.keySet()));
      assertEquals("train_begin", events.get(0));
      assertEquals("epoch_begin 0", events.get(1));
      assertEquals("validation_end [val_loss, val_accuracy]", events.get(2));
      assertEquals("epoch_end 0 batches 13", events.get(3));
      assertEquals("train_end step 52", events.get(events.size() - 1));
      Map<String, Double> test = t.test();
      assertTrue(test.get("test_accuracy") > 0.85, test.toString());
      assertEquals(t.validate().get("val_loss"), r.finalMetrics().get("val_loss"), 1e-9);
      Path onnx = dir.resolve("model.onnx");
      t.exportInferenceModel(onnx);
      assertTrue(Files.size(onnx) > 0);
    }
  }

  @Test
  void interruptedAndResumedRunEqualsAnUninterruptedOne() throws Exception {
    TrainerConfig cfg = config().accumulationSteps(2).build();
    OrtCheckpoint straight;
    FitResult straightResult;
    try (Trainer t = base(cfg).runDirectory(dir.resolve("a")).callback(ModelCheckpoint.everyEpoch())
        .callback(new MetricsFile(5)).build()) {
      straightResult = t.fit();
      straight = t.state().snapshotParameters().checkpoint();
    }
    // Stop in the middle of epoch 2, at an optimizer step, with a checkpoint there.
    Callback stopper = new Callback() {
      @Override
      public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
        if (ctx.epoch() == 1 && ctx.batchInEpoch() == 6) {
          ctx.saveCheckpoint("interrupted");
          ctx.stop("simulated crash");
        }
      }
    };
    try (Trainer t = base(cfg).runDirectory(dir.resolve("b")).callback(stopper).callback(new MetricsFile(5))
        .build()) {
      assertEquals("simulated crash", t.fit().stopReason());
    }
    try (Trainer t = base(cfg).runDirectory(dir.resolve("b")).callback(new MetricsFile(5)).build()) {
      FitResult resumed = t.resume(dir.resolve("b/checkpoints/interrupted"));
      assertEquals(Files.readString(dir.resolve("a").resolve(MetricsFile.JSONL)),
          Files.readString(dir.resolve("b").resolve(MetricsFile.JSONL)), "step and epoch lines in the same order");
      assertEquals(straightResult.globalSteps(), resumed.globalSteps());
      assertEquals(straightResult.history(), resumed.history(), "metrics equal bit for bit");
      assertEquals(straight.trainable(), t.state().snapshotParameters().checkpoint().trainable(),
          "parameters equal bit for bit");
    }
  }

  /**
   * Every checkpoint a run writes resumes to the run's own end: the step checkpoints, which fall on each
   * epoch's last batch (13 batches an epoch), and the best ones, written while an epoch ends; the epoch's
   * metrics row, validation and learning-rate step are neither lost nor repeated.
   */
  @Test
  void resumingFromEveryCheckpointEndsAsTheUninterruptedRun() throws Exception {
    TrainerConfig cfg = config().build();
    OrtCheckpoint straight;
    FitResult straightResult;
    try (Trainer t = base(cfg).runDirectory(dir.resolve("straight")).schedule(Schedule.step(1, 0.5), Interval.EPOCH)
        .callback(new MetricsFile()).callback(new ModelCheckpoint(13, Interval.STEP, 0, Monitor.of("val_loss")))
        .build()) {
      straightResult = t.fit();
      straight = t.state().snapshotParameters().checkpoint();
    }
    List<Path> saved = new CheckpointStore(dir.resolve("straight/checkpoints")).list();
    assertTrue(saved.stream().anyMatch(p -> p.getFileName().toString().startsWith("best-")), saved.toString());
    assertTrue(saved.stream().anyMatch(p -> p.getFileName().toString().startsWith("epoch-")), saved.toString());
    int i = 0;
    for (Path checkpoint : saved) {
      Path run = dir.resolve("resumed-" + i++);
      try (Trainer t = base(cfg).runDirectory(run).schedule(Schedule.step(1, 0.5), Interval.EPOCH)
          .callback(new MetricsFile()).callback(new ModelCheckpoint(13, Interval.STEP, 0, Monitor.of("val_loss")))
          .build()) {
        FitResult resumed = t.resume(checkpoint);
        String from = "resumed from " + checkpoint.getFileName();
        assertEquals(Files.readString(dir.resolve("straight").resolve(MetricsFile.CSV)),
            Files.readString(run.resolve(MetricsFile.CSV)), from + ": metrics.csv");
        assertEquals(straightResult.history(), resumed.history(), from + ": metrics rows bit for bit");
        assertEquals(straight.trainable(), t.state().snapshotParameters().checkpoint().trainable(),
            from + ": parameters bit for bit");
      }
    }
  }

  /** Two runs in one directory would mix metrics rows and checkpoints: the second is refused, naming the first. */
  @Test
  void aRunDirectoryServesOneRunAtATime() {
    try (Trainer first = base(config().build()).build().open()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> TrainerFixtures.openAndClose(base(config().build())));
      assertTrue(e.getMessage().contains("is in use by another training run (process "
          + ProcessHandle.current().pid()), e.getMessage());
      assertTrue(e.getMessage().contains("give this one another directory"), e.getMessage());
    }
    try (Trainer again = base(config().build()).build()) {
      assertEquals(dir.resolve("run"), again.runDirectory(), "closing the first run released the directory");
    }
  }

  /** Building is free of side effects; the first use sets the trainer up, once, and closing releases it. */
  @Test
  void aTrainerIsSetUpOnFirstUseOnly() {
    Path lazy = dir.resolve("lazy");
    Trainer unused = base(config().build()).runDirectory(lazy).build();
    try (Trainer t = base(config().epochs(1).build()).runDirectory(lazy).build()) {
      assertFalse(Files.exists(lazy), "building wrote nothing, and a second trainer on the directory is no run yet");
      assertSame(t, t.open());
      assertTrue(Files.isRegularFile(lazy.resolve(RunDirectoryLock.FILE)));
      assertTrue(Files.isDirectory(lazy.resolve("artifacts")), "the set-up wrote the artifacts");
      assertSame(t, t.open(), "a second open does nothing");
      IllegalStateException busy = assertThrows(IllegalStateException.class, unused::open);
      assertTrue(busy.getMessage().contains("is in use by another training run"), busy.getMessage());
      assertEquals(1, t.fit().epochsCompleted());
    }
    unused.close();
    Trainer closed = base(config().build()).runDirectory(lazy).build();
    closed.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, closed::fit);
    assertEquals("This trainer is closed; build another one to train again", e.getMessage());
    try (Trainer again = base(config().build()).runDirectory(lazy).build()) {
      assertEquals(lazy, again.open().runDirectory(), "closing released the directory");
    }
  }

  @Test
  void prefetchingChangesWhenBatchesAreAssembledNotWhich() {
    List<Object> parameters = new ArrayList<>();
    List<Object> histories = new ArrayList<>();
    for (int prefetch : new int[] {0, 3}) {
      try (Trainer t = base(config().epochs(2).prefetch(prefetch).build()).runDirectory(dir.resolve("p" + prefetch))
          .build()) {
        histories.add(t.fit().history());
        parameters.add(t.state().snapshotParameters().checkpoint().trainable());
      }
    }
    assertEquals(histories.get(0), histories.get(1));
    assertEquals(parameters.get(0), parameters.get(1));
  }

  @Test
  void resumeRefusesAnotherConfiguration() {
    try (Trainer t = base(config().epochs(1).build()).callback(ModelCheckpoint.everyEpoch()).build()) {
      t.fit();
    }
    Path ckpt = new CheckpointStore(dir.resolve("run/checkpoints")).list().get(0);
    try (Trainer t = base(config().epochs(1).learningRate(0.02f).build()).build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.restore(ckpt));
      assertTrue(e.getMessage().contains("different configuration"), e.getMessage());
      assertTrue(e.getMessage().contains("\n  lr: checkpoint 0.01, this run 0.02"), e.getMessage());
    }
  }

  /**
   * "Resume this run": the run directory resumes from its newest valid checkpoint, each newer damaged one
   * logged with the reason, and ends as the uninterrupted run.
   */
  @Test
  void aRunDirectoryResumesFromItsNewestValidCheckpoint() throws Exception {
    FitResult straight;
    try (Trainer t = base(config().build()).runDirectory(dir.resolve("straight")).build()) {
      straight = t.fit();
    }
    Callback stopper = new Callback() {
      @Override
      public void onEpochEnd(TrainingContext ctx) {
        if (ctx.epoch() == 2) {
          ctx.stop("simulated crash");
        }
      }
    };
    try (Trainer t = base(config().build()).callback(ModelCheckpoint.everyEpoch()).callback(stopper).build()) {
      t.fit();
    }
    List<Path> saved = new CheckpointStore(dir.resolve("run/checkpoints")).list();
    Path newest = saved.get(saved.size() - 1);
    Files.write(newest.resolve("model.ckpt"), new byte[] {1, 2, 3}); // damaged after its commit
    List<String> log = new ArrayList<>();
    try (Trainer t = base(config().build()).log(log::add).build()) {
      FitResult resumed = t.resume(dir.resolve("run"));
      assertEquals(straight.history(), resumed.history(), "metrics equal bit for bit");
    }
    assertTrue(log.stream().anyMatch(l -> l.startsWith("Skipped a checkpoint of " + dir.resolve("run"))
        && l.contains(newest.getFileName().toString())), log.toString());
    assertTrue(log.stream().anyMatch(l -> l.contains("from its newest valid checkpoint, "
        + saved.get(saved.size() - 2).getFileName())), log.toString());

    Files.createDirectories(dir.resolve("empty/checkpoints"));
    try (Trainer t = base(config().build()).runDirectory(dir.resolve("other")).build()) {
      IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
          () -> t.restore(dir.resolve("empty")));
      assertTrue(none.getMessage().contains("has no valid checkpoint"), none.getMessage());
      IllegalArgumentException neither = assertThrows(IllegalArgumentException.class,
          () -> t.restore(dir.resolve("nowhere")));
      assertTrue(neither.getMessage().contains("is neither a checkpoint"), neither.getMessage());
      IllegalArgumentException notYet = assertThrows(IllegalArgumentException.class,
          () -> t.restore(dir.resolve("other")));
      assertTrue(notYet.getMessage().contains("has no checkpoint yet"), notYet.getMessage());
    }
  }

  /**
   * A checkpoint whose manifest is sound but whose ONNX Runtime file is not (written so by a faulty disk or
   * tool) is reported under its own file, not the private copy the session read and deleted.
   */
  @Test
  void aDamagedModelFileIsReportedUnderTheCheckpointsName() throws Exception {
    try (Trainer t = base(config().epochs(1).build()).callback(ModelCheckpoint.everyEpoch()).build()) {
      t.fit();
    }
    CheckpointStore store = new CheckpointStore(dir.resolve("run/checkpoints"));
    Path good = store.list().get(0);
    Path damaged;
    try (CheckpointStore.Pending p = store.begin("damaged")) {
      p.writeString(ResumeState.FILE, Files.readString(good.resolve(ResumeState.FILE)));
      Files.write(p.file(Trainer.ORT_CHECKPOINT), new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
      damaged = p.commit();
    }
    try (Trainer t = base(config().epochs(1).build()).build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.restore(damaged));
      assertTrue(e.getMessage().startsWith("Checkpoint " + damaged.resolve(Trainer.ORT_CHECKPOINT) + " is unusable"),
          e.getMessage());
      assertTrue(!e.getMessage().contains("resume-") && !e.getMessage().contains("(null)"), e.getMessage());
    }
  }

  /** Another ortrain version may generate other graphs: its checkpoints are refused, the versions named. */
  @Test
  void aCheckpointOfAnotherOrtrainVersionIsRefusedNamingBoth() {
    assertEquals("\n  ortrain: checkpoint 0.0.9, this run " + OrtrainVersion.current(),
        TrainerCheckpoints.differences("epochs=4;lr=0.01;ortrain=0.0.9", "epochs=4;lr=0.01;ortrain="
            + OrtrainVersion.current()));
    assertEquals("\n  train_data: checkpoint (not recorded), this run 20 samples",
        TrainerCheckpoints.differences("epochs=4", "epochs=4;train_data=20 samples"));
  }

  /** The data are part of what a checkpoint is checked against: another set, or the same size relabelled. */
  @Test
  void resumeRefusesOtherData() {
    try (Trainer t = base(config().epochs(1).build()).callback(ModelCheckpoint.everyEpoch()).build()) {
      t.fit();
    }
    Path ckpt = new CheckpointStore(dir.resolve("run/checkpoints")).list().get(0);
    try (Trainer t = base(config().epochs(1).build()).trainData(TrainerFixtures.clusters(400, 1)).build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.restore(ckpt));
      assertTrue(e.getMessage().contains("\n  train_data: checkpoint 200 samples [input FLOAT[4], target INT64[]]")
          && e.getMessage().contains(", this run 400 samples"), e.getMessage());
      assertTrue(!e.getMessage().contains("\n  lr:"), "only what differs is listed: " + e.getMessage());
    }
    try (Trainer t = base(config().epochs(1).build()).trainData(TrainerFixtures.clusters(200, 9)).build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.restore(ckpt));
      assertTrue(e.getMessage().contains("train_data: checkpoint 200 samples"), e.getMessage());
    }
    try (Trainer t = base(config().epochs(1).build()).build()) {
      t.restore(ckpt); // the same data resume
    }
  }

  /**
   * Bad data are refused before training, naming the set, the record and the field: a NaN feature (in the
   * training or the validation set) and a label outside the model's three classes.
   */
  @Test
  void dataNoModelTrainsOnAreRefusedBeforeTraining() {
    DataLoadingException nan = assertThrows(DataLoadingException.class,
        () -> TrainerFixtures.openAndClose(base(config().build()).trainData(TrainerFixtures.clusters(200, 1, 40))));
    assertTrue(nan.getMessage().startsWith("The training data (") && nan.getMessage().contains(
        "has NaN in record 40, field 'input', element 0"), nan.getMessage());
    DataLoadingException validation = assertThrows(DataLoadingException.class,
        () -> TrainerFixtures.openAndClose(base(config().build()).validationData(TrainerFixtures.clusters(64, 2, 7))));
    assertTrue(validation.getMessage().startsWith("The validation data (")
        && validation.getMessage().contains("record 7, field 'input'"), validation.getMessage());
    long[] labels = new long[20];
    labels[13] = 200;
    Dataset mislabelled = ArrayDataset.builder(20).floats("input", new float[80], 4).longs("target", labels).build();
    DataLoadingException label = assertThrows(DataLoadingException.class,
        () -> TrainerFixtures.openAndClose(base(config().build()).trainData(mislabelled)));
    assertTrue(label.getMessage().contains("has class 200 in record 13, field 'target', but the model predicts 3"
        + " classes (0 to 2)"), label.getMessage());
    try (Trainer t = base(config().build()).trainData(mislabelled).loss(CrossEntropyLoss.create().ignoreIndex(200))
        .build()) {
      assertEquals(dir.resolve("run"), t.runDirectory(), "the index the loss ignores is a valid target");
    }
  }

  /**
   * NanPolicy.skip(n) tolerates exactly n skipped steps: with three diverging batches, a budget of 3 finishes
   * with 3 skipped, a budget of 2 fails at the third, naming it.
   */
  @Test
  void theSkipBudgetIsExact() {
    java.util.Set<Integer> poisoned = java.util.Set.of(40, 88, 152); // batches 3, 6 and 10 of 13, unshuffled
    try (Trainer t = base(config().epochs(1).shuffle(false).nanPolicy(NanPolicy.skip(3)).build())
        .trainData(TrainerFixtures.clusters(200, 1)).trainTransforms(TestModels.poisonSamples("input", poisoned))
        .build()) {
      assertEquals(3, t.fit().skippedSteps(), "three skips are within a budget of three");
    }
    try (Trainer t = base(config().epochs(1).shuffle(false).nanPolicy(NanPolicy.skip(2)).build())
        .trainData(TrainerFixtures.clusters(200, 1)).trainTransforms(TestModels.poisonSamples("input", poisoned))
        .build()) {
      TrainingDivergedException e = assertThrows(TrainingDivergedException.class, t::fit);
      assertTrue(e.getMessage().contains("batch 10 of 13") && e.getMessage().contains("after 2 skipped steps"),
          e.getMessage());
    }
  }

  /**
   * EarlyStopping(patience p) stops at the p-th validation without improvement, not one later: at a learning
   * rate too small to move any float32 weight, the validation loss never improves after the first epoch, so
   * the run ends after exactly 1 + p epochs.
   */
  @Test
  void earlyStoppingFiresAtExactlyItsPatience() {
    for (int patience = 1; patience <= 3; patience++) {
      try (Trainer t = base(config().epochs(10).learningRate(1e-30f).build())
          .runDirectory(dir.resolve("patience-" + patience))
          .callback(new EarlyStopping(Monitor.of("val_loss"), patience, false)).build()) {
        FitResult r = t.fit();
        assertEquals(1 + patience, r.epochsCompleted(), "patience " + patience + ": " + r.stopReason());
        assertTrue(r.stopReason().startsWith("early stopping"), r.stopReason());
      }
    }
  }

  @Test
  void validationHeldOutOfAugmentedDataIsEvaluatedAsItIs() {
    Transform scrambling = new Transform() {
      @Override
      public String field() {
        return "input";
      }

      @Override
      public FieldSpec outputSpec(FieldSpec input) {
        return input;
      }

      @Override
      public void apply(FieldValues in, FieldValues out, SampleContext context) {
        for (int i = 0; i < in.floats().length; i++) {
          out.floats()[i] = -1000f * in.floats()[i];
        }
      }
    };
    Map<String, Double> plain;
    try (Trainer t = base(config().build()).runDirectory(dir.resolve("plain")).build()) {
      plain = t.validate();
    }
    try (Trainer t = base(config().build()).runDirectory(dir.resolve("augmented"))
        .validationData(TrainerFixtures.clusters(64, 2).augmented(scrambling)).build()) {
      assertEquals(plain, t.validate());
    }
  }

  @Test
  void fitAfterAStopTrainsNothingMore() {
    try (Trainer t = base(config().epochs(10).learningRate(1e-30f).build())
        .runDirectory(dir.resolve("stopped"))
        .callback(new EarlyStopping(Monitor.of("val_loss"), 1, false)).build()) {
      FitResult first = t.fit();
      FitResult again = t.fit();
      assertEquals(first.globalSteps(), again.globalSteps(), "a stopped run trained again");
      assertEquals(first.epochsCompleted(), again.epochsCompleted());
      assertEquals(first.stopReason(), again.stopReason());
    }
  }

  @Test
  void nonFiniteLossFailsOrSkipsByPolicy() {
    Trainer.Builder poisoned = base(config().epochs(1).shuffle(false).build())
        .trainData(TrainerFixtures.clusters(200, 1))
        .trainTransforms(TestModels.poisonSample("input", 40));
    try (Trainer t = poisoned.build()) {
      TrainingDivergedException e = assertThrows(TrainingDivergedException.class, t::fit);
      assertTrue(e.getMessage().contains("epoch 1, batch 3 of 13, optimizer step 3"), e.getMessage());
    }
    List<String> warnings = new ArrayList<>();
    try (Trainer t = base(config().epochs(1).shuffle(false).nanPolicy(NanPolicy.skip(0)).build())
        .trainData(TrainerFixtures.clusters(200, 1))
        .trainTransforms(TestModels.poisonSample("input", 40)).log(warnings::add).build()) {
      FitResult r = t.fit();
      assertEquals(1, r.skippedSteps());
      assertEquals(12, r.globalSteps());
      assertTrue(Double.isFinite(r.history().get(0).get("train_loss")), "the skipped batch is not in the metrics");
      assertEquals("Skipped optimizer step 3 (epoch 1, batch 3): non-finite loss or gradient; 1 skipped so far",
          warnings.get(0));
    }
    try (Trainer t = base(config().epochs(1).shuffle(false).nanPolicy(NanPolicy.skip(1)).build())
        .trainData(TrainerFixtures.clusters(200, 1))
        .trainTransforms(TestModels.poisonSample("input", 40)).build()) {
      assertEquals(1, t.fit().skippedSteps(), "one skip is within the budget of one");
    }
  }

  /**
   * A sample scaled by -1e30 (misclassified, so its gradient does not vanish) overflows the gradient norm while
   * the loss stays finite: that step diverges too, and is skipped.
   */
  @Test
  void aFiniteLossWithAnOverflowingGradientNormIsSkipped() {
    Transform huge = new Transform() {
      @Override
      public String field() {
        return "input";
      }

      @Override
      public FieldSpec outputSpec(FieldSpec input) {
        return input;
      }

      @Override
      public void apply(FieldValues in, FieldValues out, SampleContext context) {
        for (int i = 0; i < in.floats().length; i++) {
          out.floats()[i] = context.sampleIndex() == 40 ? in.floats()[i] * -1e30f : in.floats()[i];
        }
      }
    };
    List<BatchOutcome> outcomes = new ArrayList<>();
    Callback spy = new Callback() {
      @Override
      public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
        outcomes.add(outcome);
      }
    };
    try (Trainer t = base(config().epochs(1).shuffle(false).nanPolicy(NanPolicy.skip(1)).build())
        .trainTransforms(huge).callback(spy).build()) {
      FitResult r = t.fit();
      assertEquals(1, r.skippedSteps(), outcomes.toString());
      BatchOutcome third = outcomes.get(2);
      assertTrue(Float.isFinite(third.loss()) && !Float.isFinite(third.gradNorm()), third.toString());
      assertTrue(third.skipped());
    }
  }

  /**
   * EarlyStopping's count of validations without improvement is part of a checkpoint: resumed after epoch 2, a
   * run with patience 3 stops after epoch 4 as the uninterrupted one does, not 3 epochs after the resume, and
   * restores the best weights it saved before the resume.
   */
  @Test
  void earlyStoppingPatienceCountsOnAcrossAResume() throws Exception {
    TrainerConfig frozen = config().epochs(10).learningRate(1e-30f).build();
    try (Trainer t = base(frozen).runDirectory(dir.resolve("straight"))
        .callback(new EarlyStopping(Monitor.of("val_loss"), 3, false)).build()) {
      assertEquals(4, t.fit().epochsCompleted());
    }
    try (Trainer t = base(frozen).runDirectory(dir.resolve("stopped"))
        .callback(new EarlyStopping(Monitor.of("val_loss"), 3, true)).callback(ModelCheckpoint.everyEpoch())
        .callback(new Callback() {
          @Override
          public void onEpochEnd(TrainingContext ctx) {
            if (ctx.epoch() == 1) {
              ctx.stop("simulated crash");
            }
          }
        }).build()) {
      assertEquals(2, t.fit().epochsCompleted());
    }
    Path resumedRun = dir.resolve("stopped");
    try (Trainer t = base(frozen).runDirectory(resumedRun)
        .callback(new EarlyStopping(Monitor.of("val_loss"), 3, true)).build()) {
      FitResult r = t.resume(resumedRun);
      assertEquals(4, r.epochsCompleted(), r.stopReason());
      assertTrue(r.stopReason().startsWith("early stopping"), r.stopReason());
      // The best weights of the first epoch, read back from the run directory since the resume came after them.
      assertEquals(OrtCheckpoint.read(resumedRun.resolve(EarlyStopping.BEST_WEIGHTS_FILE)).trainable(),
          t.state().snapshotParameters().checkpoint().trainable());
    }
    try (var files = Files.list(resumedRun)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("resume-")),
          "the private copy of the checkpoint the session read is deleted");
    }
  }

  @Test
  void dropLastLeavesOutTheSmallerLastBatchAndShuffleChangesTheOrder() {
    List<Float> shuffled = firstLosses(config().epochs(1).dropLast(true).build());
    assertEquals(12, shuffled.size(), "200 samples in batches of 16: the 8 left over are dropped");
    List<Float> unshuffled = firstLosses(config().epochs(1).dropLast(true).shuffle(false).build());
    assertTrue(!shuffled.equals(unshuffled), "the default shuffles: " + shuffled + " vs " + unshuffled);
  }

  private List<Float> firstLosses(TrainerConfig cfg) {
    List<Float> losses = new ArrayList<>();
    Callback spy = new Callback() {
      @Override
      public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
        losses.add(outcome.loss());
      }
    };
    try (Trainer t = base(cfg).runDirectory(dir.resolve("losses-" + cfg.shuffle())).callback(spy).build()) {
      t.fit();
    }
    return losses;
  }

  @Test
  void earlyStoppingStopsAndRestoresTheBestWeights() {
    List<Double> seen = new ArrayList<>();
    Callback spy = new Callback() {
      @Override
      public void onValidationEnd(TrainingContext ctx, Map<String, Double> metrics) {
        seen.add(metrics.get("val_loss"));
      }
    };
    // A learning rate that makes validation loss bounce: patience 1 stops at the first worsening.
    EarlyStopping stopping = new EarlyStopping(Monitor.of("val_loss"), 1, true);
    try (Trainer t = base(config().epochs(30).learningRate(0.5f).build()).callback(spy).callback(stopping).build()) {
      FitResult r = t.fit();
      assertTrue(r.stopReason().startsWith("early stopping: val_loss did not improve"), r.stopReason());
      assertTrue(r.epochsCompleted() < 30);
      double best = seen.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      assertEquals(best, stopping.best(), 0);
      assertEquals(best, t.validate().get("val_loss"), 1e-6, "the best weights are back");
      assertTrue(Files.isRegularFile(dir.resolve("run").resolve(EarlyStopping.BEST_WEIGHTS_FILE)));
    }
  }

  @Test
  void checkpointsKeepTheLastAndTheBest() {
    ModelCheckpoint checkpoints = new ModelCheckpoint(5, Interval.STEP, 2, Monitor.of("val_accuracy"));
    try (Trainer t = base(config().epochs(3).build()).callback(checkpoints).build()) {
      t.fit();
    }
    List<String> names = new CheckpointStore(dir.resolve("run/checkpoints")).list().stream()
        .map(p -> p.getFileName().toString()).toList();
    assertEquals(3, names.size(), names.toString());
    assertTrue(names.contains(checkpoints.bestCheckpoint().orElseThrow()), names.toString());
    assertTrue(names.contains(checkpoints.lastCheckpoint().orElseThrow()));
    assertTrue(names.contains("epoch-0003-step-00000035"), names.toString());
  }

  /**
   * ModelCheckpoint every 3 epochs writes after epochs 3 and 6, no others; with a monitor, exactly one best
   * checkpoint remains, the older best ones deleted as better ones come.
   */
  @Test
  void periodicCheckpointsFollowTheirIntervalAndOneBestRemains() {
    ModelCheckpoint checkpoints = new ModelCheckpoint(3, Interval.EPOCH, 0, Monitor.of("val_loss"));
    try (Trainer t = base(config().epochs(7).build()).callback(checkpoints).build()) {
      t.fit();
    }
    List<String> names = new CheckpointStore(dir.resolve("run/checkpoints")).list().stream()
        .map(p -> p.getFileName().toString()).toList();
    assertEquals(List.of("epoch-0003-step-00000039", "epoch-0006-step-00000078"),
        names.stream().filter(n -> n.startsWith("epoch-")).toList());
    assertEquals(1, names.stream().filter(n -> n.startsWith("best-")).count(), names.toString());
    assertTrue(names.contains(checkpoints.bestCheckpoint().orElseThrow()), names.toString());
  }

  /** Accumulating over more micro-batches than an epoch has makes one optimizer step an epoch: refused. */
  @Test
  void accumulationLongerThanAnEpochIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainerFixtures.openAndClose(base(config().accumulationSteps(14).build())));
    assertEquals("accumulationSteps = 14 is more than the 13 batches of an epoch (200 samples in batches of 16):"
        + " each epoch would make one optimizer step. Set accumulationSteps to at most 13, or use a smaller batch"
        + " size.", e.getMessage());
    try (Trainer t = base(config().accumulationSteps(13).build()).build()) {
      assertEquals(dir.resolve("run"), t.runDirectory(), "a window of a whole epoch is allowed");
    }
  }

  @Test
  void schedulesDriveTheLearningRate() {
    List<Float> rates = new ArrayList<>();
    Callback spy = new Callback() {
      @Override
      public void onBatchBegin(TrainingContext ctx) {
        rates.add(ctx.learningRate());
      }
    };
    // Every 5 steps, inside the epoch's 13 batches: a per-step schedule moves the rate at the next batch, not at
    // the epoch's end.
    try (Trainer t = base(config().epochs(2).build()).schedule(Schedule.step(5, 0.5), Interval.STEP).callback(spy)
        .build()) {
      t.fit();
    }
    assertEquals(0.01f, rates.get(0));
    assertEquals(0.01f, rates.get(4));
    assertEquals(0.005f, rates.get(5));
    assertEquals(0.0025f, rates.get(10));
    rates.clear();
    try (Trainer t = base(config().epochs(3).learningRate(0.05f).build())
        .plateau(ReduceOnPlateau.monitoring("val_loss", ReduceOnPlateau.Mode.MIN).withPatience(0).withFactor(0.1))
        .callback(spy).build()) {
      t.fit();
      assertTrue(t.state().learningRate() <= 0.05f);
    }
    // Reduce-on-plateau moves only after validations: steps and epoch ends leave the rate as it is.
    assertEquals(List.of(0.05f), rates.subList(0, 13).stream().distinct().toList());
    assertTrue(rates.get(13) > 0, rates.toString());
    assertEquals(1, rates.subList(13, 26).stream().distinct().count(), rates.toString());
  }

  /** The scheduled rate reaches the optimizer: a schedule at 0 after the first step freezes the weights there. */
  @Test
  void theScheduledRateIsTheOptimizersRate() {
    List<List<dev.ortrain.checkpoint.NamedTensor>> afterFirstStep = new ArrayList<>();
    Callback snapshot = new Callback() {
      @Override
      public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
        if (ctx.globalStep() == 1 && afterFirstStep.isEmpty()) {
          afterFirstStep.add(ctx.snapshotParameters().checkpoint().trainable());
        }
      }
    };
    Schedule oneStep = Schedule.function("oneStep", (step, epoch, base) -> step == 0 ? base : 0);
    try (Trainer t = base(config().epochs(1).build()).schedule(oneStep, Interval.STEP).callback(snapshot).build()) {
      t.fit();
      assertEquals(afterFirstStep.get(0), t.state().snapshotParameters().checkpoint().trainable());
    }
  }

  @Test
  void callbacksControlTheRunAndValidationFollowsItsSchedule() {
    List<String> validations = new ArrayList<>();
    Callback control = new Callback() {
      @Override
      public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
        if (ctx.globalStep() == 3 && outcome.optimizerStepped()) {
          ctx.requestValidation();
          ctx.requestCheckpoint();
          ctx.setLearningRate(0.002f);
        }
      }

      @Override
      public void onValidationEnd(TrainingContext ctx, Map<String, Double> metrics) {
        validations.add(ctx.globalStep() + ":" + ctx.batchInEpoch());
      }
    };
    TrainerConfig cfg = config().epochs(2).validation(new ValidationConfig(10, Interval.STEP, 2, 1.0)).build();
    try (Trainer t = base(cfg).callback(control).build()) {
      t.fit();
      assertEquals(0.002f, t.state().learningRate(), "a constant schedule keeps the rate a callback set");
      assertEquals(List.of("3:3", "10:10", "20:7"), validations);
      assertTrue(Files.isDirectory(dir.resolve("run/checkpoints/requested-step-00000003")));
      IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
          () -> t.state().setLearningRate(-1f));
      assertTrue(bad.getMessage().startsWith("learningRate = -1"), bad.getMessage());
    }
  }

  @Test
  void checkpointsInsideAnAccumulationWindowAreRefused() {
    Callback eager = new Callback() {
      @Override
      public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
        if (!outcome.optimizerStepped()) {
          ctx.saveCheckpoint("mid-window");
        }
      }
    };
    try (Trainer t = base(config().accumulationSteps(2).build()).callback(eager).build()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, t::fit);
      assertTrue(e.getMessage().contains("between optimizer steps"), e.getMessage());
    }
  }

  @Test
  void missingPiecesAreNamed() {
    assertThrows(NullPointerException.class, () -> Trainer.builder().loss(CrossEntropyLoss.create()).build());
    try (Trainer t = Trainer.builder().config(config().build()).model(TrainerFixtures.mlp(false))
        .loss(CrossEntropyLoss.create()).trainData(TrainerFixtures.clusters(40, 1)).runDirectory(dir)
        .log(m -> { }).build()) {
      IllegalStateException v = assertThrows(IllegalStateException.class, t::validate);
      assertTrue(v.getMessage().contains("validationData"));
      IllegalStateException test = assertThrows(IllegalStateException.class, t::test);
      assertTrue(test.getMessage().contains("testData"));
      assertEquals(dir, t.runDirectory());
    }
    Callback a = new Callback() {
      @Override
      public java.util.Optional<String> saveState() {
        return java.util.Optional.of("x");
      }
    };
    Callback b = new Callback() {
      @Override
      public java.util.Optional<String> saveState() {
        return java.util.Optional.of("y");
      }

      @Override
      public String stateKey() {
        return a.stateKey();
      }
    };
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
        () -> TrainerFixtures.openAndClose(base(config().build()).callback(a).callback(b)));
    assertTrue(dup.getMessage().contains("share the state key"), dup.getMessage());
  }

  @Test
  void dataThatDoesNotFitTheModelFailsBeforeTraining() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainerFixtures.openAndClose(base(config().build()).trainData(dev.ortrain.data.ArrayDataset.builder(10)
            .floats("input", new float[30], 3).longs("target", new long[10]).build())));
    assertTrue(e.getMessage().contains("input"), e.getMessage());
  }
}
