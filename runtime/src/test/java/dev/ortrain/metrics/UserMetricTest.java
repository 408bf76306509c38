package dev.ortrain.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics defined by users from functions over a batch. */
class UserMetricTest {
  /** Binary F1 from sums of true positives, false positives and false negatives (class 1 is positive). */
  static Metric f1() {
    return Metric.fromSums("f1", List.of("tp", "fp", "fn"), batch -> {
      float[] p = batch.requirePrediction("f1");
      long[] t = batch.requireClassTargets("f1");
      double tp = 0;
      double fp = 0;
      double fn = 0;
      for (int i = 0; i < t.length; i++) {
        boolean predicted = p[2 * i + 1] > p[2 * i];
        tp += predicted && t[i] == 1 ? 1 : 0;
        fp += predicted && t[i] == 0 ? 1 : 0;
        fn += !predicted && t[i] == 1 ? 1 : 0;
      }
      return new double[] {tp, fp, fn};
    }, s -> 2 * s[0] / (2 * s[0] + s[1] + s[2]));
  }

  @Test
  void f1FromSumsIsTheF1OfAllSamplesNotTheMeanOfBatchF1s() {
    Metric f1 = f1();
    // batch 1: predictions 1, 1, 0, targets 1, 0, 1 -> tp 1, fp 1, fn 1
    f1.update(Batch.classification(new float[] {0, 1, 0, 1, 1, 0}, new long[] {3, 2}, new long[] {1, 0, 1}, 0));
    // batch 2: prediction 1, target 1 -> tp 1
    f1.update(Batch.classification(new float[] {0, 1}, new long[] {1, 2}, new long[] {1}, 0));
    assertEquals(2.0 * 2 / (2 * 2 + 1 + 1), f1.result()); // 2/3; batch F1s 0.5 and 1 would average to 0.75
    assertEquals(Map.of("tp", 2.0, "fp", 1.0, "fn", 1.0), f1.state());
  }

  @Test
  void meanOverSamplesWeighsEverySampleOnce() {
    Metric maxScore = Metric.meanOverSamples("max_score", batch -> {
      float[] p = batch.requirePrediction("max_score");
      int classes = (int) batch.predictionShape()[1];
      double[] perSample = new double[batch.batchSize()];
      for (int i = 0; i < perSample.length; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          max = Math.max(max, p[i * classes + c]);
        }
        perSample[i] = max;
      }
      return perSample;
    });
    maxScore.update(Batch.classification(new float[] {1, 3, 2, 2}, new long[] {2, 2}, new long[] {0, 0}, 0));
    maxScore.update(Batch.classification(new float[] {9, 0}, new long[] {1, 2}, new long[] {0}, 0));
    assertEquals((3 + 2 + 9) / 3.0, maxScore.result());
    assertEquals("max_score", maxScore.name());
  }

  @Test
  void freshCopiesShareConfigurationButNotState() {
    Metric original = f1();
    original.update(Batch.classification(new float[] {0, 1}, new long[] {1, 2}, new long[] {1}, 0));
    Metric copy = original.fresh();
    assertTrue(Double.isNaN(copy.result()));
    assertEquals("f1", copy.name());
    assertEquals(1.0, original.result());
  }

  @Test
  void badDefinitionsFailEarlyOrOnTheFirstBatch() {
    IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
        () -> Metric.meanOverSamples("Val Loss", batch -> new double[] {1}));
    assertEquals("Metric name 'Val Loss' is invalid: use lowercase letters, digits and '_', starting with a letter "
        + "(it becomes part of names like val_Val Loss)", name.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Metric.fromSums("x", List.of("a", "a"), b -> null, s -> 0));
    assertThrows(IllegalArgumentException.class, () -> Metric.fromSums("x", List.of(), b -> null, s -> 0));
    assertThrows(IllegalArgumentException.class, () -> Metric.fromSums("x", List.of("a"), null, s -> 0));
    Metric wrongArity = Metric.fromSums("x", List.of("a", "b"), b -> new double[] {1}, s -> s[0]);
    IllegalStateException arity = assertThrows(IllegalStateException.class,
        () -> wrongArity.update(Batch.lossOnly(1, 0)));
    assertEquals("Metric 'x' must add 2 sums [a, b] per batch, got 1 values", arity.getMessage());
  }
}
