package dev.ortrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.loop.FitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The annotated experiments train through the trainers the processor generated for them. */
class AnnotatedExperimentsTest {

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
    try (FashionMnistCnnTrainer trainer = FashionMnistCnnTrainer.create()) {
      FitResult result = trainer.fit();
      assertEquals(2, result.epochsCompleted());
      Map<String, Double> test = trainer.test();
      assertTrue(test.get("test_accuracy") > 0.6, "test_accuracy " + test.get("test_accuracy"));
    }
    try (var checkpoints = Files.list(Path.of("runs", "fashion-mnist-cnn", "checkpoints"))) {
      assertTrue(checkpoints.findAny().isPresent());
    }
  }

  @Test
  void diabetesRegressionBeatsPredictingTheMean() {
    DiabetesData data = DiabetesData.shipped();
    try (DiabetesRegressionTrainer trainer = DiabetesRegressionTrainer.create()) {
      FitResult result = trainer.fit();
      double mae = data.inTargetUnits(trainer.validate().get("val_mae"));
      // Predicting the training mean gives a validation MAE of 70.3 points; this model about 43.
      assertTrue(mae < 50, "validation MAE " + mae + " progression points after " + result.epochsCompleted()
          + " epochs (" + result.stopReason() + ")");
    }
  }
}
