package dev.ortrain.loop;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.data.Dataset;
import dev.ortrain.graph.Shape;
import dev.ortrain.nn.Dropout;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;
import dev.ortrain.testing.TestModels;

/** Small models and data for trainer tests: three Gaussian clusters in 4-D. */
final class TrainerFixtures {
  /** Sets a trainer up and closes it, for the mistakes only the set-up sees. */
  static void openAndClose(Trainer.Builder builder) {
    try (Trainer t = builder.build()) {
      t.open();
    }
  }

  private TrainerFixtures() {}

  static Dataset clusters(int n, long seed) {
    return clusters(n, seed, -1);
  }

  /** {@code n} samples; sample {@code poisoned} (if >= 0) has a NaN feature. */
  static Dataset clusters(int n, long seed, int poisoned) {
    return TestModels.clusters(n, seed, poisoned);
  }

  static ForwardModel mlp(boolean dropout) {
    Sequential m = dropout
        ? Sequential.of(new Linear(4, 16), new ReLU(), new Dropout(0.2f), new Linear(16, 3))
        : Sequential.of(new Linear(4, 16), new ReLU(), new Linear(16, 3));
    return m.build(Shape.batched(4), 3L);
  }
}
