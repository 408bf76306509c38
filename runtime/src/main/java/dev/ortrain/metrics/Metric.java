package dev.ortrain.metrics;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A metric accumulated over the batches of an epoch. Implementations keep sums and counts, never means of
 * batch means, so batches of unequal size weigh by their samples.
 *
 * <p>User-defined metrics need no subclass:
 * <pre>{@code
 * // Mean over samples of a per-sample value (like a Keras metric function):
 * Metric maxProb = Metric.meanOverSamples("max_prob", batch -> perSampleMaxProbability(batch));
 * // Anything built from sums, e.g. binary F1 from true/false positives and false negatives:
 * Metric f1 = Metric.fromSums("f1", List.of("tp", "fp", "fn"), batch -> countTpFpFn(batch),
 *     s -> 2 * s[0] / (2 * s[0] + s[1] + s[2]));
 * }</pre>
 */
public interface Metric {
  /** The metric's name: lowercase letters, digits and '_', starting with a letter (see {@link MetricNames}). */
  String name();

  /** Forgets every batch seen, e.g. at the start of an epoch. */
  void reset();

  /** Adds one batch. A batch the metric cannot use throws, leaving the accumulated state unchanged. */
  void update(Batch batch);

  /** Adds a classification batch. */
  default void update(float[] prediction, long[] predictionShape, long[] classTargets, int batchSize, double loss) {
    update(new Batch(prediction, predictionShape, classTargets, null, batchSize, loss));
  }

  /** Adds a regression batch. */
  default void update(float[] prediction, long[] predictionShape, float[] valueTargets, int batchSize, double loss) {
    update(new Batch(prediction, predictionShape, null, valueTargets, batchSize, loss));
  }

  /**
   * Whether {@link #update} reads the model's prediction. False lets the loop skip copying it out of ONNX
   * Runtime on every step when no metric reads it; metrics built from the loss alone override this.
   */
  default boolean needsPrediction() {
    return true;
  }

  /** The value over every batch since the last reset; NaN before the first sample. */
  double result();

  /** The accumulated sums and counts by name, to save mid-epoch. */
  Map<String, Double> state();

  /** Continues from {@link #state()} of an identically configured metric. */
  void restore(Map<String, Double> state);

  /** A new metric with the same configuration and nothing accumulated (each split gets its own). */
  Metric fresh();

  /**
   * A metric defined by running sums: {@code batchSums} returns what one batch adds to each named sum, and
   * {@code result} turns the totals into the value. Both functions must be stateless.
   */
  static Metric fromSums(String name, List<String> sumNames, Function<Batch, double[]> batchSums,
      ToDoubleFunction<double[]> result) {
    return new FunctionMetric(name, sumNames, batchSums, result);
  }

  /**
   * The mean over all samples of a per-sample value: {@code perSample} returns one value per sample of the
   * batch (any length &gt; 0 is allowed, e.g. one per pixel). Must be stateless.
   */
  static Metric meanOverSamples(String name, Function<Batch, double[]> perSample) {
    return new FunctionMetric(name, List.of("sum", "count"), batch -> {
      double[] values = perSample.apply(batch);
      double sum = 0;
      for (double v : values) {
        sum += v;
      }
      return new double[] {sum, values.length};
    }, totals -> totals[0] / totals[1]);
  }
}
