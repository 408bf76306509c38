package dev.ortrain.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.metrics.Accuracy;
import dev.ortrain.schedule.Interval;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a run validates and on how many batches: every N epochs after the N-th, 2N-th, ... epoch and no other,
 * and only the first validation batches that the limit and the fraction allow (64 samples in batches of 16).
 */
class ValidationScheduleTest {
  @TempDir Path dir;
  private final ReadRecorder validation = new ReadRecorder(TrainerFixtures.clusters(64, 2));
  /** The epochs (from 1) after which a validation ended. */
  private final List<Integer> validatedAfter = new ArrayList<>();

  /** A trainer set up without the sanity validation, whose reads would hide those of the run's validations. */
  private Trainer open(int epochs, ValidationConfig schedule) {
    TrainerConfig config = TrainerConfig.builder().epochs(epochs).batchSize(16).threads(1).learningRate(0.01f)
        .prefetch(0).validation(schedule).build();
    Callback spy = new Callback() {
      @Override
      public void onValidationEnd(TrainingContext ctx, Map<String, Double> metrics) {
        validatedAfter.add(ctx.epoch() + 1);
      }
    };
    Trainer t = Trainer.builder().config(config).model(TrainerFixtures.mlp(false)).loss(CrossEntropyLoss.create())
        .trainData(TrainerFixtures.clusters(200, 1)).validationData(validation).metrics(new Accuracy())
        .runDirectory(dir.resolve("run")).development(DevelopmentOptions.defaults().withSanityValidationBatches(0))
        .callback(spy).log(m -> { }).build().open();
    validation.forget(); // the set-up's data checks read samples too
    return t;
  }

  private static Set<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void validatingEveryThreeEpochsValidatesAfterTheThirdAndSixthOnly() {
    try (Trainer t = open(7, new ValidationConfig(3, Interval.EPOCH, 0, 1.0))) {
      t.fit();
    }
    assertEquals(List.of(3, 6), validatedAfter);
  }

  @Test
  void aValidationRunsOnlyItsFirstLimitedBatches() {
    try (Trainer t = open(1, new ValidationConfig(1, Interval.EPOCH, 3, 1.0))) {
      t.fit();
    }
    assertEquals(List.of(1), validatedAfter);
    assertEquals(range(0, 48), validation.read(), "three batches of 16");
  }

  @Test
  void aFractionOfTheLimitedBatchesIsRoundedUp() {
    try (Trainer t = open(1, new ValidationConfig(1, Interval.EPOCH, 3, 0.5))) {
      t.fit();
    }
    assertEquals(range(0, 32), validation.read(), "half of three batches is two");
  }
}
