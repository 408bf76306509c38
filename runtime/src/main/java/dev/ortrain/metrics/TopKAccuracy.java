package dev.ortrain.metrics;

import dev.ortrain.rules.ConfigRules;
import java.util.List;

/**
 * The fraction of positions whose target class is among the {@code k} highest scores (ties broken towards the
 * lower class index, so k = 1 equals {@link Accuracy}). Named {@code top<k>_accuracy}, e.g. {@code top5_accuracy}.
 */
public final class TopKAccuracy extends SumsMetric {
  private final int k;

  public TopKAccuracy(int k) {
    super(MetricNames.topK(ConfigRules.TOP_K.requireInt(k)), List.of("correct", "count"));
    this.k = k;
  }

  public int k() {
    return k;
  }

  @Override
  protected double[] batchSums(Batch batch) {
    ClassScores scores = new ClassScores(batch, name());
    if (k > scores.classes()) {
      throw new IllegalArgumentException(name() + ": k = " + k + " but the model scores only " + scores.classes()
          + " classes");
    }
    return new double[] {scores.hitsWithinTop(k), scores.positions()};
  }

  @Override
  protected double result(double[] totals) {
    return totals[0] / totals[1];
  }

  @Override
  public Metric fresh() {
    return new TopKAccuracy(k);
  }
}
