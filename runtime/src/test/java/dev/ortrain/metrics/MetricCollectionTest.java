package dev.ortrain.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricCollectionTest {
  private static final Batch FIRST = Batch.classification(new float[] {0, 1, 1, 0, 0, 1}, new long[] {3, 2},
      new long[] {1, 1, 1}, 0.9);
  private static final Batch SECOND = Batch.classification(new float[] {1, 0}, new long[] {1, 2}, new long[] {0},
      0.1);

  @Test
  void reportsPrefixedNamesInOrder() {
    MetricCollection val = MetricCollection.of(Stage.VALIDATION, new MeanLoss(), new Accuracy(), new TopKAccuracy(2));
    val.update(FIRST);
    val.update(SECOND);
    Map<String, Double> expected = new LinkedHashMap<>();
    expected.put("val_loss", (3 * 0.9 + 0.1) / 4);
    expected.put("val_accuracy", 3.0 / 4);
    expected.put("val_top2_accuracy", 1.0);
    assertEquals(expected, val.results());
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(val.results().keySet()));
    assertEquals(List.of("val_loss", "val_accuracy", "val_top2_accuracy"), val.names());
    val.reset();
    assertTrue(Double.isNaN(val.results().get("val_accuracy")));
  }

  @Test
  void namesArePredictableWithoutBuildingMetrics() {
    assertEquals(List.of("train_loss", "train_accuracy"),
        MetricNames.reported(Stage.TRAIN, List.of(MetricNames.LOSS, MetricNames.ACCURACY)));
    assertEquals(List.of("test_mse", "test_mae", "test_top5_accuracy"), MetricNames.reported(Stage.TEST,
        List.of(MetricNames.MEAN_SQUARED_ERROR, MetricNames.MEAN_ABSOLUTE_ERROR, MetricNames.topK(5))));
    assertEquals("val_loss", MetricNames.reported(Stage.VALIDATION, "loss"));
    MetricCollection c = MetricCollection.of(Stage.TEST, new MeanLoss(), new MeanSquaredError(),
        new MeanAbsoluteError(), new TopKAccuracy(5));
    assertEquals(MetricNames.reported(Stage.TEST, List.of("loss", "mse", "mae", "top5_accuracy")), c.names());
  }

  @Test
  void splitsBuiltFromTheSameMetricObjectsDoNotShareState() {
    List<Metric> configured = List.of(new MeanLoss(), new Accuracy());
    MetricCollection train = MetricCollection.of(Stage.TRAIN, configured);
    MetricCollection val = MetricCollection.of(Stage.VALIDATION, configured);
    train.update(FIRST);
    val.update(SECOND);
    assertEquals(0.9, train.results().get("train_loss"), 1e-15);
    assertEquals(0.1, val.results().get("val_loss"), 1e-15);
    assertTrue(Double.isNaN(configured.get(0).result()), "the templates themselves stay empty");
  }

  @Test
  void repeatedOrInvalidNamesAreRejected() {
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> MetricCollection.of(Stage.VALIDATION, new Accuracy(), new TopKAccuracy(1), new Accuracy()));
    assertEquals("Metric name 'accuracy' appears twice; val_accuracy would be ambiguous", twice.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MetricNames.reported(Stage.TRAIN, "Loss"));
    assertThrows(IllegalArgumentException.class, () -> MetricNames.reported(Stage.TRAIN, "1loss"));
    assertThrows(IllegalArgumentException.class, () -> MetricCollection.of(null, new Accuracy()));
  }

  @Test
  void midEpochStateRoundTripsAndResumesExactly() {
    MetricCollection original = MetricCollection.of(Stage.TRAIN, new MeanLoss(), new Accuracy(),
        UserMetricTest.f1());
    original.update(FIRST);
    Map<String, Double> saved = original.state();
    assertEquals(List.of("train_loss.weightedSum", "train_loss.samples", "train_accuracy.correct",
        "train_accuracy.count", "train_f1.tp", "train_f1.fp", "train_f1.fn"), List.copyOf(saved.keySet()));

    MetricCollection resumed = MetricCollection.of(Stage.TRAIN, new MeanLoss(), new Accuracy(), UserMetricTest.f1());
    Map<String, Double> checkpoint = new HashMap<>(saved);
    checkpoint.put("val_loss.weightedSum", 123.0); // another split's state in the same checkpoint is ignored
    resumed.restore(checkpoint);
    original.update(SECOND);
    resumed.update(SECOND);
    assertEquals(original.results(), resumed.results());
    assertEquals(original.state(), resumed.state());
  }

  @Test
  void mismatchedStateIsRejectedAndChangesNothing() {
    MetricCollection c = MetricCollection.of(Stage.VALIDATION, new MeanLoss(), new Accuracy());
    c.update(FIRST);
    Map<String, Double> before = c.state();

    Map<String, Double> extra = new HashMap<>(before);
    extra.put("val_top2_accuracy.correct", 1.0);
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> c.restore(extra));
    assertEquals("Saved VALIDATION metric state has entries for metrics this collection does not have: "
        + "[val_top2_accuracy.correct] (it reports [val_loss, val_accuracy])", unknown.getMessage());

    Map<String, Double> missing = new HashMap<>(before);
    missing.put("val_loss.weightedSum", 100.0);
    missing.remove("val_accuracy.count");
    IllegalArgumentException incomplete = assertThrows(IllegalArgumentException.class, () -> c.restore(missing));
    assertTrue(incomplete.getMessage().startsWith("Metric 'accuracy' keeps [correct, count] but the saved state has"),
        incomplete.getMessage());
    assertEquals(before, c.state(), "the loss was not restored either");
  }

  @Test
  void predictionIsNeededOnlyWhenAMetricReadsIt() {
    assertFalse(MetricCollection.of(Stage.TRAIN, new MeanLoss()).needsPrediction());
    assertTrue(MetricCollection.of(Stage.TRAIN, new MeanLoss(), new Accuracy()).needsPrediction());
    assertTrue(MetricCollection.of(Stage.TRAIN, Metric.meanOverSamples("p", b -> new double[] {b.prediction()[0]}))
        .needsPrediction(), "user metrics are assumed to read it");
  }
}
