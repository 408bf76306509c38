package dev.ortrain.metrics;

import java.util.List;

/**
 * The fraction of positions whose highest-scoring class (the first one on ties) is the target class. Every
 * position counts (there is no ignored index). Named {@code accuracy}.
 */
public final class Accuracy extends SumsMetric {
  public Accuracy() {
    super(MetricNames.ACCURACY, List.of("correct", "count"));
  }

  @Override
  protected double[] batchSums(Batch batch) {
    ClassScores scores = new ClassScores(batch, name());
    return new double[] {scores.hitsWithinTop(1), scores.positions()};
  }

  @Override
  protected double result(double[] totals) {
    return totals[0] / totals[1];
  }

  @Override
  public Metric fresh() {
    return new Accuracy();
  }
}
