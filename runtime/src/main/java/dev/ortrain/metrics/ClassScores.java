package dev.ortrain.metrics;

import java.util.Arrays;

/**
 * Class scores laid out as {@code [batch, classes, d1, ...]} (PyTorch's cross-entropy layout) with one class
 * index per {@code (batch, d1, ...)} position.
 */
final class ClassScores {
  private final float[] scores;
  private final long[] targets;
  private final int classes;
  private final int inner;

  ClassScores(Batch batch, String metric) {
    this.scores = batch.requirePrediction(metric);
    this.targets = batch.requireClassTargets(metric);
    long[] shape = batch.predictionShape();
    if (shape.length < 2) {
      throw new IllegalArgumentException(metric + " needs class scores of shape [batch, classes, ...], got "
          + Arrays.toString(shape));
    }
    this.classes = Math.toIntExact(shape[1]);
    if (classes < 1) {
      throw new IllegalArgumentException(metric + " needs at least one class, got shape " + Arrays.toString(shape));
    }
    this.inner = scores.length / Math.max(1, Math.toIntExact(shape[0] * shape[1]));
    long positions = shape[0] * (long) inner;
    if (targets.length != positions) {
      throw new IllegalArgumentException(metric + ": " + targets.length + " targets for predictions of shape "
          + Arrays.toString(shape) + ", which need " + positions);
    }
    for (long t : targets) {
      if (t < 0 || t >= classes) {
        throw new IllegalArgumentException(metric + ": target class " + t + " is outside [0, " + classes + ")");
      }
    }
  }

  int positions() {
    return targets.length;
  }

  int classes() {
    return classes;
  }

  /**
   * How many classes rank before the target at {@code position}: a higher score, or an equal score and a lower
   * index (the first maximum wins, as in argmax). A NaN target score ranks last: a diverged model is never right.
   */
  int rankOfTarget(int position) {
    int base = (position / inner) * classes * inner + position % inner;
    int target = (int) targets[position];
    float targetScore = scores[base + target * inner];
    if (Float.isNaN(targetScore)) {
      return classes;
    }
    int rank = 0;
    for (int c = 0; c < classes; c++) {
      float s = scores[base + c * inner];
      if (s > targetScore || (s == targetScore && c < target)) {
        rank++;
      }
    }
    return rank;
  }

  /** How many positions have their target among the {@code k} highest scores (k = 1: plain accuracy). */
  long hitsWithinTop(int k) {
    long hits = 0;
    for (int i = 0; i < positions(); i++) {
      if (rankOfTarget(i) < k) {
        hits++;
      }
    }
    return hits;
  }
}
