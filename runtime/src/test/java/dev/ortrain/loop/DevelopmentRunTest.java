package dev.ortrain.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.MetricsFile;
import dev.ortrain.callbacks.ModelCheckpoint;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.checkpoint.CheckpointStore;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.data.Dataset;
import dev.ortrain.data.FieldSpec;
import dev.ortrain.data.FieldValues;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.metrics.Accuracy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fast dev run, overfitting, batch limits and the sanity validation, on 200 samples in batches of 16 (13 a epoch). */
class DevelopmentRunTest {
  @TempDir Path dir;
  private final ReadRecorder train = new ReadRecorder(TrainerFixtures.clusters(200, 1));
  private final ReadRecorder validation = new ReadRecorder(TrainerFixtures.clusters(64, 2));
  private final ReadRecorder test = new ReadRecorder(TrainerFixtures.clusters(64, 3));

  /** Prefetching off, so that the samples read are exactly those the run used. */
  private static TrainerConfig.Builder config() {
    return TrainerConfig.builder().epochs(3).batchSize(16).threads(1).learningRate(0.01f).prefetch(0);
  }

  private Trainer.Builder base(TrainerConfig config, DevelopmentOptions development) {
    return Trainer.builder().config(config).model(TrainerFixtures.mlp(false)).loss(CrossEntropyLoss.create())
        .trainData(train).validationData(validation).testData(test).metrics(new Accuracy())
        .runDirectory(dir.resolve("run")).development(development).log(m -> { });
  }

  /** A trainer set up, with the reads of the set-up's data checks forgotten. */
  private Trainer build(Trainer.Builder builder) {
    Trainer t = builder.build().open();
    train.forget();
    validation.forget();
    test.forget();
    return t;
  }

  private static Set<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().collect(Collectors.toCollection(TreeSet::new));
  }

  private static DevelopmentOptions none() {
    return DevelopmentOptions.defaults().withSanityValidationBatches(0);
  }

  @Test
  void aBatchLimitTrainsTheFirstNBatchesOfEveryEpoch() {
    List<Integer> batchesPerEpoch = new ArrayList<>();
    Callback counter = new Callback() {
      @Override
      public void onEpochEnd(TrainingContext ctx) {
        batchesPerEpoch.add(ctx.batchInEpoch());
      }
    };
    TrainerConfig unshuffled = config().shuffle(false).build();
    try (Trainer t = build(base(unshuffled, none().withTrainBatchLimit(BatchLimit.batches(3))).callback(counter))) {
      FitResult r = t.fit();
      assertEquals(9, r.globalSteps(), "3 epochs of 3 batches");
      assertEquals(List.of(3, 3, 3), batchesPerEpoch);
      assertEquals(3, t.state().batchesPerEpoch());
      assertEquals(range(0, 48), train.read(), "every epoch starts again at the first batch, not at the fourth");
    }
  }

  @Test
  void aFractionLimitRoundsDownAndOneOfNoBatchIsRefused() {
    try (Trainer t = build(base(config().epochs(1).build(),
        none().withTrainBatchLimit(BatchLimit.fraction(0.25))))) {
      assertEquals(3, t.fit().globalSteps(), "a quarter of 13 batches is 3");
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainerFixtures.openAndClose(base(config().build(), none().withTrainBatchLimit(BatchLimit.fraction(0.07)))));
    assertEquals("limit batches = 0.07 of the 13 batches of an epoch is no batch; give a fraction of at least"
        + " 0.07692, or a count of batches", e.getMessage());
  }

  /** A checkpoint written under a limit resumes exactly under it, and only under it. */
  @Test
  void aLimitedRunResumesExactlyAndOnlyUnderItsLimit() {
    DevelopmentOptions limited = none().withTrainBatchLimit(BatchLimit.batches(5));
    FitResult straight;
    OrtCheckpoint straightParameters;
    try (Trainer t = build(base(config().build(), limited).runDirectory(dir.resolve("straight")))) {
      straight = t.fit();
      straightParameters = t.state().snapshotParameters().checkpoint();
    }
    Callback crash = new Callback() {
      @Override
      public void onEpochEnd(TrainingContext ctx) {
        if (ctx.epoch() == 0) {
          ctx.stop("simulated crash");
        }
      }
    };
    try (Trainer t = build(base(config().build(), limited).callback(ModelCheckpoint.everyEpoch()).callback(crash))) {
      t.fit();
    }
    try (Trainer t = build(base(config().build(), limited))) {
      FitResult resumed = t.resume(dir.resolve("run"));
      assertEquals(straight.history(), resumed.history(), "metrics bit for bit");
      assertEquals(straightParameters.trainable(), t.state().snapshotParameters().checkpoint().trainable());
    }
    try (Trainer t = build(base(config().build(), none()))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.restore(dir.resolve("run")));
      assertTrue(e.getMessage().contains("\n  development: checkpoint limit 5 batches, this run none"),
          e.getMessage());
    }
  }

  @Test
  void overfittingTrainsAndValidatesOnTheSameFirstBatchesUnshuffled() {
    try (Trainer t = build(base(config().epochs(30).learningRate(0.05f).build(), none().withOverfitBatches(2)))) {
      FitResult r = t.fit();
      assertEquals(60, r.globalSteps(), "2 batches an epoch");
      assertEquals(range(0, 32), train.read(), "the first 2 batches, training and validation alike");
      assertEquals(Set.of(), validation.read(), "the validation data is not used");
      Map<String, Double> last = r.history().get(29);
      double firstLoss = r.history().get(0).get("val_loss");
      assertTrue(last.get("val_accuracy") == 1.0 && last.get("val_loss") < firstLoss / 4, "fits 32 samples: "
          + r.history());
    }
  }

  @Test
  void aFastDevRunRunsOneBatchOfEachAndKeepsNothing() throws Exception {
    List<String> log = new ArrayList<>();
    Path temporary;
    try (Trainer t = build(base(config().build(), DevelopmentOptions.defaults().withFastDevRun())
        .callback(ModelCheckpoint.everyEpoch()).callback(new MetricsFile()).log(log::add))) {
      temporary = t.runDirectory();
      FitResult r = t.fit();
      assertEquals(1, r.globalSteps());
      assertEquals(1, r.history().size());
      assertTrue(r.history().get(0).containsKey("val_loss"), "validated once: " + r.history());
      assertTrue(Files.exists(temporary.resolve(MetricsFile.CSV)), "callbacks write where they always do");
      t.test();
      assertEquals(16, train.read().size(), "one shuffled batch");
      assertEquals(range(0, 16), validation.read(), "one batch, and no sanity validation besides");
      assertEquals(range(0, 16), test.read());
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.restore(dir.resolve("run")));
      assertTrue(e.getMessage().startsWith("A fast dev run checks one batch from the start"), e.getMessage());
    }
    assertFalse(Files.exists(dir.resolve("run")), "no run folder");
    assertFalse(Files.exists(temporary), "the temporary folder is deleted");
    assertTrue(log.get(0).startsWith("Fast dev run: one batch of training, of validation and of test; nothing is"
        + " kept"), log.toString());
  }

  @Test
  void theSanityValidationRunsItsBatchesBeforeTrainingAndRecordsNothing() {
    List<Set<Integer>> readBeforeTraining = new ArrayList<>();
    List<String> validationCallbacks = new ArrayList<>();
    Callback spy = new Callback() {
      @Override
      public void onTrainBegin(TrainingContext ctx) {
        readBeforeTraining.add(validation.read());
      }

      @Override
      public void onValidationBegin(TrainingContext ctx) {
        validationCallbacks.add("validation at epoch " + ctx.epoch() + ", batch " + ctx.batchInEpoch());
      }
    };
    List<List<Map<String, Double>>> histories = new ArrayList<>();
    for (int sanity : new int[] {0, 2}) {
      try (Trainer t = build(base(config().build(), none().withSanityValidationBatches(sanity))
          .runDirectory(dir.resolve("sanity-" + sanity)).callback(spy))) {
        histories.add(t.fit().history());
      }
    }
    assertEquals(List.of(Set.of(), range(0, 32)), readBeforeTraining, "2 batches of 16, not 3");
    assertEquals(6, validationCallbacks.size(), "one validation an epoch, none for the sanity check: "
        + validationCallbacks);
    assertEquals(histories.get(0), histories.get(1), "the sanity validation changes nothing");
    assertEquals(DevelopmentOptions.DEFAULT_SANITY_VALIDATION_BATCHES,
        DevelopmentOptions.defaults().sanityValidationBatches());
  }

  @Test
  void aBrokenValidationFailsBeforeTheFirstTrainingBatch() {
    AtomicBoolean armed = new AtomicBoolean(); // after the build, whose checks read every sample
    Dataset broken = new Dataset() {
      @Override
      public int size() {
        return validation.size();
      }

      @Override
      public List<FieldSpec> fields() {
        return validation.fields();
      }

      @Override
      public void read(int index, int field, FieldValues out) {
        if (armed.get() && index == 20) {
          throw new IllegalStateException("sample 20 is unreadable");
        }
        validation.read(index, field, out);
      }
    };
    List<String> batches = new ArrayList<>();
    Callback counter = new Callback() {
      @Override
      public void onBatchBegin(TrainingContext ctx) {
        batches.add("batch");
      }
    };
    try (Trainer t = base(config().build(), DevelopmentOptions.defaults()).validationData(broken).callback(counter)
        .build().open()) {
      armed.set(true); // after the set-up's data checks, which read every sample
      IllegalStateException e = assertThrows(IllegalStateException.class, t::fit);
      assertTrue(e.getMessage().startsWith("The sanity validation (2 validation batches before training) failed"),
          e.getMessage());
      assertTrue(e.getMessage().contains("sample 20 is unreadable"), e.getMessage());
      assertEquals(List.of(), batches);
    }
  }

  @Test
  void contradictoryOrNegativeOptionsAreRefused() {
    DevelopmentOptions fast = DevelopmentOptions.defaults().withFastDevRun();
    assertThrows(IllegalArgumentException.class, () -> fast.withOverfitBatches(2));
    assertThrows(IllegalArgumentException.class, () -> fast.withTrainBatchLimit(BatchLimit.batches(2)));
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> DevelopmentOptions.defaults().withOverfitBatches(2).withTrainBatchLimit(BatchLimit.fraction(0.5)));
    assertEquals("Overfitting 2 batches fixes the batches of an epoch already; drop the batch limit (0.5 of the"
        + " batches) or the overfitting", both.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DevelopmentOptions.defaults().withOverfitBatches(-1));
    assertThrows(IllegalArgumentException.class, () -> DevelopmentOptions.defaults().withSanityValidationBatches(-1));
  }

  @Test
  void batchLimitsReadCountsAndFractions() {
    assertEquals(BatchLimit.batches(10), BatchLimit.parse("10"));
    assertEquals(BatchLimit.fraction(0.25), BatchLimit.parse(" 0.25 "));
    assertEquals(13, BatchLimit.batches(20).of(13), "at most the batches there are");
    assertEquals(13, BatchLimit.none().of(13));
    assertEquals(1, BatchLimit.fraction(1.0 / 13).of(13), "1/13 of 13 is one batch");
    assertEquals("limit batches = 'ten' is neither a count of batches (e.g. 10) nor a fraction of them (e.g. 0.25)",
        assertThrows(IllegalArgumentException.class, () -> BatchLimit.parse("ten")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> BatchLimit.parse("0"));
    assertThrows(IllegalArgumentException.class, () -> BatchLimit.parse("1.0"));
    assertThrows(IllegalArgumentException.class, () -> BatchLimit.parse("0.0"));
    assertEquals("all", BatchLimit.none().describe());
  }
}
