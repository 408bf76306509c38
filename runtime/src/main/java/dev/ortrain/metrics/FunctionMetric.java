package dev.ortrain.metrics;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** A user-defined metric from {@link Metric#fromSums} or {@link Metric#meanOverSamples}. */
final class FunctionMetric extends SumsMetric {
  private final List<String> sumNames;
  private final Function<Batch, double[]> batchSums;
  private final ToDoubleFunction<double[]> result;

  FunctionMetric(String name, List<String> sumNames, Function<Batch, double[]> batchSums,
      ToDoubleFunction<double[]> result) {
    super(name, sumNames);
    if (batchSums == null || result == null) {
      throw new IllegalArgumentException("Metric '" + name + "' needs both a batch function and a result function");
    }
    this.sumNames = List.copyOf(sumNames);
    this.batchSums = batchSums;
    this.result = result;
  }

  @Override
  protected double[] batchSums(Batch batch) {
    return batchSums.apply(batch);
  }

  @Override
  protected double result(double[] totals) {
    return result.applyAsDouble(totals);
  }

  @Override
  public Metric fresh() {
    return new FunctionMetric(name(), sumNames, batchSums, result);
  }
}
