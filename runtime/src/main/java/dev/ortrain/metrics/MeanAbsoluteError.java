package dev.ortrain.metrics;

import java.util.List;

/** The mean over all predicted values of {@code |prediction - target|}. Named {@code mae}. */
public final class MeanAbsoluteError extends SumsMetric {
  public MeanAbsoluteError() {
    super(MetricNames.MEAN_ABSOLUTE_ERROR, List.of("absoluteErrorSum", "count"));
  }

  @Override
  protected double[] batchSums(Batch batch) {
    float[] targets = ElementwiseError.requireMatchingTargets(batch, name());
    float[] prediction = batch.prediction();
    double sum = 0;
    for (int i = 0; i < prediction.length; i++) {
      sum += Math.abs((double) prediction[i] - targets[i]);
    }
    return new double[] {sum, prediction.length};
  }

  @Override
  protected double result(double[] totals) {
    return totals[0] / totals[1];
  }

  @Override
  public Metric fresh() {
    return new MeanAbsoluteError();
  }
}
