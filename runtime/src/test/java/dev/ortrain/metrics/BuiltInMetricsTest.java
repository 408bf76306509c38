package dev.ortrain.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Built-in metrics on hand-computed batches of unequal size: sums and counts, never means of batch means. */
class BuiltInMetricsTest {
  // Batch A: 3 samples, 3 classes, targets 1, 2, 2: two correct.
  private static final float[] SCORES_A = {
      0.1f, 0.7f, 0.2f, // argmax 1, target 1: correct; target rank 0
      0.5f, 0.3f, 0.2f, // argmax 0, target 2: wrong; target rank 2
      0.2f, 0.3f, 0.5f}; // argmax 2, target 2: correct
  private static final long[] TARGETS_A = {1, 2, 2};
  // Batch B: 1 sample; target 0 ranks second.
  private static final float[] SCORES_B = {0.4f, 0.6f, 0.0f};
  private static final long[] TARGETS_B = {0};

  private static Batch a(double loss) {
    return Batch.classification(SCORES_A, new long[] {3, 3}, TARGETS_A, loss);
  }

  private static Batch b(double loss) {
    return Batch.classification(SCORES_B, new long[] {1, 3}, TARGETS_B, loss);
  }

  @Test
  void meanLossWeighsBatchesBySize() {
    Metric loss = new MeanLoss();
    assertTrue(Double.isNaN(loss.result()), "no samples yet");
    loss.update(a(2.0));
    loss.update(b(6.0));
    // (3 * 2 + 1 * 6) / 4 = 3, not the mean of batch means (2 + 6) / 2 = 4
    assertEquals(3.0, loss.result());
    loss.update(Batch.lossOnly(4, 0.5));
    assertEquals((12.0 + 2.0) / 8, loss.result());
    loss.reset();
    assertTrue(Double.isNaN(loss.result()));
  }

  @Test
  void accuracyCountsSamplesAcrossBatches() {
    Metric accuracy = new Accuracy();
    accuracy.update(a(0));
    assertEquals(2.0 / 3, accuracy.result());
    accuracy.update(b(0));
    // 2 of 4 correct = 0.5; the mean of batch accuracies would be (2/3 + 0) / 2 = 1/3
    assertEquals(0.5, accuracy.result());
    assertEquals(Map.of("correct", 2.0, "count", 4.0), accuracy.state());
  }

  @Test
  void topKCountsTargetsAmongTheKBest() {
    Metric top2 = new TopKAccuracy(2);
    assertEquals("top2_accuracy", top2.name());
    top2.update(a(0));
    top2.update(b(0));
    // ranks: 0, 2, 0 | 1 -> three within the top 2
    assertEquals(0.75, top2.result());
    Metric top1 = new TopKAccuracy(1);
    top1.update(a(0));
    top1.update(b(0));
    assertEquals(0.5, top1.result(), "k = 1 is plain accuracy");
    Metric top3 = new TopKAccuracy(3);
    top3.update(b(0));
    assertEquals(1.0, top3.result());
  }

  @Test
  void tiesGoToTheLowerClassIndexLikeArgmax() {
    float[] tied = {0.5f, 0.5f, 0.1f, 0.5f, 0.5f, 0.1f};
    Batch batch = Batch.classification(tied, new long[] {2, 3}, new long[] {0, 1}, 0);
    Metric accuracy = new Accuracy();
    accuracy.update(batch);
    assertEquals(0.5, accuracy.result());
    Metric top2 = new TopKAccuracy(2);
    top2.update(batch);
    assertEquals(1.0, top2.result());
  }

  @Test
  void nanScoresAreNeverCorrect() {
    Metric accuracy = new Accuracy();
    accuracy.update(Batch.classification(new float[] {Float.NaN, Float.NaN}, new long[] {1, 2}, new long[] {0}, 0));
    assertEquals(0.0, accuracy.result());
  }

  @Test
  void accuracyHandlesExtraDimensionsAfterTheClassAxis() {
    // [batch 2, classes 2, positions 3]: layout n, c, d
    float[] scores = {
        1, 0, 1, // n0 c0
        0, 1, 0, // n0 c1 -> argmax per position: 0, 1, 0
        0, 0, 5, // n1 c0
        1, 1, 2}; // n1 c1 -> argmax: 1, 1, 0
    long[] targets = {0, 1, 1, 1, 0, 0}; // correct: yes yes no | yes no yes
    Metric accuracy = new Accuracy();
    accuracy.update(Batch.classification(scores, new long[] {2, 2, 3}, targets, 0));
    assertEquals(4.0 / 6, accuracy.result());
  }

  @Test
  void regressionErrorsAverageOverAllValues() {
    Metric mse = new MeanSquaredError();
    Metric mae = new MeanAbsoluteError();
    Batch first = Batch.regression(new float[] {1, 2, 3, 4}, new long[] {2, 2}, new float[] {1, 0, 3, 1}, 0);
    Batch second = Batch.regression(new float[] {-1}, new long[] {1, 1}, new float[] {1}, 0);
    for (Batch batch : new Batch[] {first, second}) {
      mse.update(batch);
      mae.update(batch);
    }
    // errors: 0, 2, 0, 3 | -2
    assertEquals((0 + 4 + 0 + 9 + 4) / 5.0, mse.result());
    assertEquals((0 + 2 + 0 + 3 + 2) / 5.0, mae.result());
    assertEquals("mse", mse.name());
    assertEquals("mae", mae.name());
  }

  @Test
  void wrongInputsAreRejectedWithoutCountingAnything() {
    Metric accuracy = new Accuracy();
    accuracy.update(a(0));
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> accuracy.update(Batch.classification(SCORES_B, new long[] {1, 3}, new long[] {3}, 0)));
    assertEquals("accuracy: target class 3 is outside [0, 3)", range.getMessage());
    IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
        () -> accuracy.update(Batch.classification(SCORES_A, new long[] {3, 3}, new long[] {1, 2}, 0)));
    assertEquals("accuracy: 2 targets for predictions of shape [3, 3], which need 3", count.getMessage());
    IllegalStateException kind = assertThrows(IllegalStateException.class,
        () -> accuracy.update(Batch.regression(SCORES_B, new long[] {1, 3}, new float[] {1, 2, 3}, 0)));
    assertEquals("accuracy needs class-index targets (long[]), but this batch has value targets (float[])",
        kind.getMessage());
    IllegalStateException none = assertThrows(IllegalStateException.class,
        () -> accuracy.update(Batch.lossOnly(3, 1.0)));
    assertTrue(none.getMessage().startsWith("accuracy needs the model's prediction"), none.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> accuracy.update(Batch.classification(new float[] {1, 2}, new long[] {2}, new long[] {0, 1}, 0)));
    assertEquals(Map.of("correct", 2.0, "count", 3.0), accuracy.state(), "rejected batches leave the sums alone");

    IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
        () -> new TopKAccuracy(4).update(a(0)));
    assertEquals("top4_accuracy: k = 4 but the model scores only 3 classes", k.getMessage());
    IllegalArgumentException mse = assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError()
        .update(Batch.regression(new float[] {1, 2}, new long[] {2, 1}, new float[] {1}, 0)));
    assertEquals("mse: 1 targets for a prediction of shape [2, 1] (2 values)", mse.getMessage());
  }

  @Test
  void batchesAreCheckedForConsistency() {
    assertThrows(IllegalArgumentException.class, () -> Batch.lossOnly(0, 1));
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> new Batch(SCORES_A, new long[] {3, 3}, TARGETS_A, null, 4, 0));
    assertEquals("prediction shape [3, 3] must start with the batch size 4", size.getMessage());
    IllegalArgumentException elements = assertThrows(IllegalArgumentException.class,
        () -> Batch.classification(SCORES_A, new long[] {3, 2}, TARGETS_A, 0));
    assertEquals("prediction has 9 values but shape [3, 2] needs 6", elements.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Batch(SCORES_A, null, null, null, 3, 0));
    assertThrows(IllegalArgumentException.class, () -> new Batch(null, null, TARGETS_A, new float[3], 3, 0));
  }

  @Test
  void theFiveArgumentUpdateIsTheBatchUpdate() {
    Metric accuracy = new Accuracy();
    accuracy.update(SCORES_A, new long[] {3, 3}, TARGETS_A, 3, 0.0);
    Metric mae = new MeanAbsoluteError();
    mae.update(new float[] {1, 2}, new long[] {2}, new float[] {0, 0}, 2, 0.0);
    assertEquals(2.0 / 3, accuracy.result());
    assertEquals(1.5, mae.result());
  }
}
