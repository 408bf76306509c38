package dev.ortrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.RunOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The annotated experiments train through the trainers the processor generated for them, on the shipped
 * Fashion-MNIST subset (the surefire configuration chooses it) and for a few steps where they are slow.
 */
class AnnotatedExperimentsTest {
  @TempDir Path dir;

  @Test
  void mlpLearnsWithItsWarmupCosineScheduleAndEarlyStopping() {
    try (FashionMnistMlpTrainer trainer = FashionMnistMlpTrainer.create()) {
      FitResult result = trainer.fit();
      assertTrue(result.epochsCompleted() >= 3, "stopped after " + result.epochsCompleted() + ": "
          + result.stopReason());
      double accuracy = result.finalMetrics().get("val_accuracy");
      assertTrue(accuracy > 0.7, "val_accuracy " + accuracy);
    }
  }

  @Test
  void cnnWritesCheckpointsAndReportsTestAccuracy() throws Exception {
    RunOptions oneEpoch = RunOptions.defaults().withConfigOverride(b -> b.epochs(1)).withRunDirectory(dir);
    try (FashionMnistCnnTrainer trainer = FashionMnistCnnTrainer.create(oneEpoch)) {
      FitResult result = trainer.fit();
      assertEquals(1, result.epochsCompleted());
      Map<String, Double> test = trainer.test();
      assertTrue(test.get("test_accuracy") > 0.6, "test_accuracy " + test.get("test_accuracy"));
    }
    try (var checkpoints = Files.list(dir.resolve("checkpoints"))) {
      assertTrue(checkpoints.findAny().isPresent());
    }
  }

  /** One epoch of the shipped subset's 3,667 training images (58 steps), in a run directory of its own. */
  private RunOptions oneEpoch(String name) {
    return RunOptions.defaults().withConfigOverride(b -> b.epochs(1)).withRunDirectory(dir.resolve(name));
  }

  /** Well above chance (0.1) after one epoch of the subset; each figure is printed for the record. */
  private static void assertLearned(String model, FitResult result, double accuracy) {
    System.out.printf("%s after %d steps: val_accuracy %.4f, val_loss %.4f%n", model, result.globalSteps(),
        result.finalMetrics().get("val_accuracy"), result.finalMetrics().get("val_loss"));
    assertTrue(result.finalMetrics().get("val_accuracy") > accuracy, model + ": " + result.finalMetrics());
  }

  @Test
  void resNetWrittenInJavaLearnsInOneEpochOfTheSubset() {
    try (FashionMnistResNetTrainer trainer = FashionMnistResNetTrainer.create(oneEpoch("resnet"))) {
      assertLearned("ResNet", trainer.fit(), 0.45);
    }
  }

  @Test
  void visionTransformerWrittenInJavaLearnsInOneEpochOfTheSubset() {
    try (FashionMnistVitTrainer trainer = FashionMnistVitTrainer.create(oneEpoch("vit"))) {
      assertLearned("ViT", trainer.fit(), 0.45);
    }
  }

  @Test
  void rowReadingLstmWrittenInJavaLearnsInOneEpochOfTheSubset() {
    try (FashionMnistLstmTrainer trainer = FashionMnistLstmTrainer.create(oneEpoch("lstm"))) {
      assertLearned("LSTM", trainer.fit(), 0.45);
    }
  }

  /**
   * The run's seed decides the initial weights too: "5 seeds, mean ± std" needs five initializations, not
   * one initialization shuffled five ways. The same seed gives the same weights bit for bit.
   */
  @Test
  void aSeedOverrideReachesTheInitialWeights() {
    Map<String, float[]> three = initialWeights(3);
    Map<String, float[]> four = initialWeights(4);
    Map<String, float[]> threeAgain = initialWeights(3);
    assertEquals(three.keySet(), four.keySet());
    for (String p : three.keySet()) {
      assertTrue(java.util.Arrays.equals(three.get(p), threeAgain.get(p)), p + ": same seed, same weights");
      if (three.get(p).length > 16) { // biases may start at zero whatever the seed
        assertTrue(!java.util.Arrays.equals(three.get(p), four.get(p)), p + ": another seed, other weights");
      }
    }
  }

  private Map<String, float[]> initialWeights(long seed) {
    RunOptions options = RunOptions.defaults().withConfigOverride(b -> b.seed(seed))
        .withRunDirectory(dir.resolve("seed-" + seed + "-" + System.nanoTime()));
    Map<String, float[]> weights = new java.util.TreeMap<>();
    try (FashionMnistMlpTrainer trainer = FashionMnistMlpTrainer.create(options)) {
      var parameters = trainer.state().snapshotParameters().checkpoint();
      parameters.trainable().forEach(t -> weights.put(t.name(), t.toFloats()));
    }
    return weights;
  }

  @Test
  void diabetesRegressionBeatsPredictingTheMean() {
    DiabetesData data = DiabetesData.shipped();
    try (DiabetesRegressionTrainer trainer = DiabetesRegressionTrainer.create()) {
      FitResult result = trainer.fit();
      double mae = data.inTargetUnits(trainer.validate().get("val_mae"));
      // Predicting the training mean gives a validation MAE of 68.4 points; this model about 46.
      assertTrue(mae < 50, "validation MAE " + mae + " progression points after " + result.epochsCompleted()
          + " epochs (" + result.stopReason() + ")");
    }
  }
}
