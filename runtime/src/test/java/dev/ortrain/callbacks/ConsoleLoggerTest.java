package dev.ortrain.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.callbacks.ConsoleLogger.Level;
import dev.ortrain.callbacks.LoggingFixtures.Captured;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.NanPolicy;
import dev.ortrain.loop.Trainer;
import dev.ortrain.loop.ValidationConfig;
import dev.ortrain.schedule.Interval;
import dev.ortrain.testing.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleLoggerTest {
  private static final Pattern EPOCH_TAIL = Pattern.compile(
      "  lr 0\\.01  time [0-9.]+ m?s  [0-9.e+]+ samples/s$");

  @TempDir Path dir;

  @Test
  void epochLevelWritesOneLinePerEpochWithTheHistoryTheTestAndTheEnd() {
    Captured log = new Captured();
    try (Trainer t = LoggingFixtures.trainer(LoggingFixtures.config(3).build(), dir)
        .callback(new ConsoleLogger(Level.EPOCH, 1, log.out)).build()) {
      FitResult result = t.fit();
      Map<String, Double> test = t.test();
      List<String> lines = log.lines();
      assertEquals(5, lines.size(), log.text());
      for (int e = 0; e < 3; e++) {
        Map<String, Double> h = result.history().get(e);
        String expected = "epoch " + (e + 1) + "/3  train_loss " + HumanFormat.number(h.get("train_loss"))
            + "  train_accuracy " + HumanFormat.number(h.get("train_accuracy"))
            + "  val_loss " + HumanFormat.number(h.get("val_loss"))
            + "  val_accuracy " + HumanFormat.number(h.get("val_accuracy"));
        assertTrue(lines.get(e).startsWith(expected), lines.get(e) + "\n  expected " + expected);
        assertTrue(EPOCH_TAIL.matcher(lines.get(e)).find(), lines.get(e));
      }
      assertTrue(lines.get(3).matches("training finished 3 epochs, step 39, [0-9.]+ m?s"), lines.get(3));
      assertEquals("test  test_loss " + HumanFormat.number(test.get("test_loss")) + "  test_accuracy "
          + HumanFormat.number(test.get("test_accuracy")), lines.get(4));
    }
  }

  @Test
  void batchesLevelAddsALineEveryNBatchesWithTheRunningMeanLoss() {
    Captured log = new Captured();
    int every = LoggingFixtures.BATCHES_PER_EPOCH; // the last line of an epoch holds the epoch's mean loss
    try (Trainer t = LoggingFixtures.trainer(LoggingFixtures.config(2).build(), dir)
        .callback(new ConsoleLogger(Level.BATCHES, every, log.out)).build()) {
      FitResult result = t.fit();
      List<String> batchLines = log.linesStartingWith("  batch ");
      assertEquals(2, batchLines.size(), log.text());
      for (int e = 0; e < 2; e++) {
        String expected = "  batch 13/13  step " + 13 * (e + 1) + "  loss "
            + HumanFormat.number(result.history().get(e).get("train_loss")) + "  lr 0.01  ";
        assertTrue(batchLines.get(e).startsWith(expected), batchLines.get(e) + "\n  expected " + expected);
        assertTrue(batchLines.get(e).endsWith(" samples/s"), batchLines.get(e));
      }
      assertEquals(2, log.linesStartingWith("epoch ").size());
      assertTrue(log.lines().get(0).startsWith("  batch 13/13"), "batch lines come before their epoch's line");
    }
  }

  @Test
  void verboseAddsTimingGradientNormValidationsAndSkippedSteps() {
    Captured log = new Captured();
    // Sample 40 (third batch, unshuffled) is NaN; validation every 5 steps, in the middle of the epoch.
    var config = LoggingFixtures.config(1).shuffle(false).nanPolicy(NanPolicy.skip(0)).clipGradNorm(5f)
        .validation(new ValidationConfig(5, Interval.STEP, 0, 1.0)).build();
    try (Trainer t = LoggingFixtures.trainer(config, dir).trainData(LoggingFixtures.clusters(200, 1, -1))
        .trainTransforms(TestModels.poisonSample("input", 40))
        .callback(new ConsoleLogger(Level.VERBOSE, 4, log.out)).build()) {
      FitResult result = t.fit();
      assertEquals(1, result.skippedSteps());
      List<String> lines = log.lines();
      assertEquals("  batch 3/13 not finite (loss nan, grad_norm nan): its optimizer step is skipped", lines.get(0));
      List<String> batchLines = log.linesStartingWith("  batch ").subList(1, 4);
      assertEquals(3, batchLines.size(), log.text());
      assertTrue(batchLines.get(0).startsWith("  batch 4/13  step 3  loss "), batchLines.get(0));
      Pattern verboseTail = Pattern.compile("  grad_norm [0-9.]+  wait [0-9.e-]+ m?s/batch  step [0-9.]+ m?s/batch$");
      batchLines.forEach(l -> assertTrue(verboseTail.matcher(l).find(), l));
      List<String> validations = log.linesStartingWith("  validation at step ");
      assertEquals(List.of("  validation at step 5", "  validation at step 10"),
          validations.stream().map(l -> l.substring(0, l.indexOf("  val_loss"))).toList(), log.text());
      String epochLine = log.linesStartingWith("epoch ").get(0);
      assertTrue(epochLine.matches(".*  validation [0-9.]+ m?s  skipped steps 1"), epochLine);
      assertTrue(lines.get(lines.size() - 1).endsWith(", 1 skipped steps"), log.text());
    }
  }

  @Test
  void aStoppedRunSaysSo() {
    Captured log = new Captured();
    Callback stopper = new Callback() {
      @Override
      public void onEpochEnd(TrainingContext ctx) {
        ctx.stop("enough");
      }
    };
    try (Trainer t = LoggingFixtures.trainer(LoggingFixtures.config(5).build(), dir)
        .callback(new ConsoleLogger(Level.EPOCH, 1, log.out)).callback(stopper).build()) {
      t.fit();
    }
    assertTrue(log.lines().get(1).startsWith("training stopped after 1 of 5 epochs (enough), step 13, "), log.text());
  }

  @Test
  void rejectsANonPositiveBatchInterval() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ConsoleLogger(Level.BATCHES, 0, System.out));
    assertEquals("everyBatches must be at least 1, got 0", e.getMessage());
    assertEquals(Callback.LOGGING, new ConsoleLogger(Level.EPOCH).order());
  }
}
