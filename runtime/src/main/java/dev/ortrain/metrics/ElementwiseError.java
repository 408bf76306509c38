package dev.ortrain.metrics;

import java.util.Arrays;

/** Checks shared by the regression metrics: one target value per predicted value. */
final class ElementwiseError {
  private ElementwiseError() {}

  static float[] requireMatchingTargets(Batch batch, String metric) {
    float[] prediction = batch.requirePrediction(metric);
    float[] targets = batch.requireValueTargets(metric);
    if (targets.length != prediction.length) {
      throw new IllegalArgumentException(metric + ": " + targets.length + " targets for a prediction of shape "
          + Arrays.toString(batch.predictionShape()) + " (" + prediction.length + " values)");
    }
    return targets;
  }
}
