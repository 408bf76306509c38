package dev.ortrain.spark;

import dev.ortrain.data.ArrayDataset;
import dev.ortrain.data.Dataset;

/** Samples of the tests' experiments: inputs of three classes, sample i of class i mod 3. */
final class TinySamples {
  private TinySamples() {}

  static Dataset oneHot(int count) {
    float[] x = new float[count * 4];
    long[] y = new long[count];
    for (int i = 0; i < count; i++) {
      y[i] = i % 3;
      x[i * 4 + (int) y[i]] = 1f;
    }
    return ArrayDataset.builder(count).floats("input", x, 4).longs("target", y).build();
  }

  /** Like {@link #oneHot}, with a fixed pseudo-random value added to every input, so that no two samples agree. */
  static Dataset noisy(int count) {
    float[] x = new float[count * 4];
    long[] y = new long[count];
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < count; i++) {
      y[i] = i % 3;
      for (int j = 0; j < 4; j++) {
        x[i * 4 + j] = (j == y[i] ? 1f : 0f) + 0.5f * (float) random.nextGaussian();
      }
    }
    return ArrayDataset.builder(count).floats("input", x, 4).longs("target", y).build();
  }
}
