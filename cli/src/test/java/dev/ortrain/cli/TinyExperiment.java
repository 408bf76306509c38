package dev.ortrain.cli;

import dev.ortrain.annotations.Loss;
import dev.ortrain.annotations.Metrics;
import dev.ortrain.annotations.Model;
import dev.ortrain.annotations.TestData;
import dev.ortrain.annotations.TrainData;
import dev.ortrain.annotations.Trainer;
import dev.ortrain.annotations.ValidationData;
import dev.ortrain.data.ArrayDataset;
import dev.ortrain.data.Dataset;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.metrics.Accuracy;
import dev.ortrain.metrics.Metric;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.Sequential;

/**
 * A test-only experiment that trains in well under a second: sixteen one-hot samples of three classes. The
 * processors run on the test sources too, so the runner finds it through its generated registration.
 */
@Trainer(epochs = 3, batchSize = 4, learningRate = 0.05, runDirectory = "target/runs/tiny")
public class TinyExperiment {
  @Model(inputShape = {4})
  Sequential model() {
    return Sequential.of(new Linear(4, 3));
  }

  @Loss
  CrossEntropyLoss loss() {
    return CrossEntropyLoss.create();
  }

  @TrainData
  Dataset train() {
    return samples();
  }

  @ValidationData
  Dataset validation() {
    return samples();
  }

  @TestData
  Dataset test() {
    return samples();
  }

  @Metrics({"accuracy"})
  Metric[] metrics() {
    return new Metric[] {new Accuracy()};
  }

  private static Dataset samples() {
    float[] x = new float[16 * 4];
    long[] y = new long[16];
    for (int i = 0; i < 16; i++) {
      y[i] = i % 3;
      x[i * 4 + (int) y[i]] = 1f;
    }
    return ArrayDataset.builder(16).floats("input", x, 4).longs("target", y).build();
  }
}
