package dev.ortrain.metrics;

import java.util.List;

/** The mean over all predicted values of {@code (prediction - target)^2}. Named {@code mse}. */
public final class MeanSquaredError extends SumsMetric {
  public MeanSquaredError() {
    super(MetricNames.MEAN_SQUARED_ERROR, List.of("squaredErrorSum", "count"));
  }

  @Override
  protected double[] batchSums(Batch batch) {
    float[] targets = ElementwiseError.requireMatchingTargets(batch, name());
    float[] prediction = batch.prediction();
    double sum = 0;
    for (int i = 0; i < prediction.length; i++) {
      double d = (double) prediction[i] - targets[i];
      sum += d * d;
    }
    return new double[] {sum, prediction.length};
  }

  @Override
  protected double result(double[] totals) {
    return totals[0] / totals[1];
  }

  @Override
  public Metric fresh() {
    return new MeanSquaredError();
  }
}
