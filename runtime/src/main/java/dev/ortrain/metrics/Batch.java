package dev.ortrain.metrics;

import java.util.Arrays;

/**
 * What metrics see of one batch: the model output, the targets and the batch's mean loss. Arrays are not
 * copied; metrics only read them during {@link Metric#update}. Equality is by array identity.
 *
 * @param prediction the model output, row-major, or null when the step did not return it
 * @param predictionShape its shape ({@code [batch, ...]}), null exactly when prediction is
 * @param classTargets class indices (classification), or null
 * @param valueTargets target values (regression), or null
 * @param batchSize samples in the batch, the weight of its mean loss
 * @param loss the batch's mean loss (NaN when not computed)
 */
public record Batch(float[] prediction, long[] predictionShape, long[] classTargets, float[] valueTargets,
    int batchSize, double loss) {

  public Batch {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if ((prediction == null) != (predictionShape == null)) {
      throw new IllegalArgumentException("prediction and predictionShape must both be given or both be null");
    }
    if (prediction != null) {
      long elements = elements(predictionShape);
      if (elements != prediction.length) {
        throw new IllegalArgumentException("prediction has " + prediction.length + " values but shape "
            + Arrays.toString(predictionShape) + " needs " + elements);
      }
      if (predictionShape.length == 0 || predictionShape[0] != batchSize) {
        throw new IllegalArgumentException("prediction shape " + Arrays.toString(predictionShape)
            + " must start with the batch size " + batchSize);
      }
    }
    if (classTargets != null && valueTargets != null) {
      throw new IllegalArgumentException("a batch has class targets or value targets, not both");
    }
  }

  /** A classification batch; the batch size is the prediction's first dimension. */
  public static Batch classification(float[] prediction, long[] predictionShape, long[] classTargets, double loss) {
    return new Batch(prediction, predictionShape, classTargets, null, firstDimension(predictionShape), loss);
  }

  /** A regression batch; the batch size is the prediction's first dimension. */
  public static Batch regression(float[] prediction, long[] predictionShape, float[] valueTargets, double loss) {
    return new Batch(prediction, predictionShape, null, valueTargets, firstDimension(predictionShape), loss);
  }

  /** A batch of which only the loss is known (models that do not return their prediction). */
  public static Batch lossOnly(int batchSize, double loss) {
    return new Batch(null, null, null, null, batchSize, loss);
  }

  /** The prediction, or an error naming the metric that needs it. */
  public float[] requirePrediction(String metric) {
    if (prediction == null) {
      throw new IllegalStateException(metric + " needs the model's prediction, but this batch has none (does the "
          + "training model return it?)");
    }
    return prediction;
  }

  public long[] requireClassTargets(String metric) {
    if (classTargets == null) {
      throw new IllegalStateException(metric + " needs class-index targets (long[]), but this batch has "
          + (valueTargets == null ? "no targets" : "value targets (float[])"));
    }
    return classTargets;
  }

  public float[] requireValueTargets(String metric) {
    if (valueTargets == null) {
      throw new IllegalStateException(metric + " needs value targets (float[]), but this batch has "
          + (classTargets == null ? "no targets" : "class-index targets (long[])"));
    }
    return valueTargets;
  }

  private static long elements(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("prediction shape " + Arrays.toString(shape) + " has a negative dimension");
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  private static int firstDimension(long[] shape) {
    if (shape == null || shape.length == 0) {
      throw new IllegalArgumentException("prediction shape must start with the batch dimension, got "
          + Arrays.toString(shape));
    }
    return Math.toIntExact(shape[0]);
  }
}
