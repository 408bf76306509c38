package dev.ortrain.metrics;

import java.util.List;

/** The mean loss per sample: each batch's mean loss weighted by its batch size. Named {@code loss}. */
public final class MeanLoss extends SumsMetric {
  public MeanLoss() {
    super(MetricNames.LOSS, List.of("weightedSum", "samples"));
  }

  @Override
  protected double[] batchSums(Batch batch) {
    return new double[] {batch.loss() * batch.batchSize(), batch.batchSize()};
  }

  @Override
  protected double result(double[] totals) {
    return totals[0] / totals[1];
  }

  @Override
  public boolean needsPrediction() {
    return false;
  }

  @Override
  public Metric fresh() {
    return new MeanLoss();
  }
}
