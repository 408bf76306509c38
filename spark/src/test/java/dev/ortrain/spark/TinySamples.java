package dev.ortrain.spark;

import dev.ortrain.data.ArrayDataset;
import dev.ortrain.data.Dataset;

/** Samples of the tests' experiments: one-hot inputs of three classes, sample i of class i mod 3. */
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
}
