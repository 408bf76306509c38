package dev.ortrain.loop;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.data.ArrayDataset;
import dev.ortrain.data.Dataset;
import dev.ortrain.graph.Shape;
import dev.ortrain.nn.Dropout;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;
import java.util.Random;

/** Small models and data for trainer tests: three Gaussian clusters in 4-D. */
final class TrainerFixtures {
  private TrainerFixtures() {}

  static Dataset clusters(int n, long seed) {
    return clusters(n, seed, -1);
  }

  /** {@code n} samples; sample {@code poisoned} (if >= 0) has a NaN feature. */
  static Dataset clusters(int n, long seed, int poisoned) {
    Random r = new Random(seed);
    float[] x = new float[n * 4];
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(3);
      for (int j = 0; j < 4; j++) {
        x[i * 4 + j] = (float) (r.nextGaussian() * 0.5 + (j == c ? 1.5 : 0));
      }
      y[i] = c;
    }
    if (poisoned >= 0) {
      x[poisoned * 4] = Float.NaN;
    }
    return ArrayDataset.builder(n).floats("input", x, 4).longs("target", y).build();
  }

  static ForwardModel mlp(boolean dropout) {
    Sequential m = dropout
        ? Sequential.of(new Linear(4, 16), new ReLU(), new Dropout(0.2f), new Linear(16, 3))
        : Sequential.of(new Linear(4, 16), new ReLU(), new Linear(16, 3));
    return m.build(Shape.batched(4), 3L);
  }
}
