package dev.ortrain.spark;

import dev.ortrain.annotations.Loss;
import dev.ortrain.annotations.Metrics;
import dev.ortrain.annotations.Model;
import dev.ortrain.annotations.TrainData;
import dev.ortrain.annotations.Trainer;
import dev.ortrain.annotations.ValidationData;
import dev.ortrain.data.Dataset;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.metrics.Accuracy;
import dev.ortrain.metrics.Metric;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.Sequential;

/** A test-only experiment that trains in well under a second, for sweeps on Spark in local mode. */
@Trainer(epochs = 3, batchSize = 4, learningRate = 0.05, runDirectory = "target/runs/tiny-spark")
public class TinySparkExperiment {
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
    return TinySamples.oneHot(16);
  }

  @ValidationData
  Dataset validation() {
    return TinySamples.oneHot(16);
  }

  @Metrics({"accuracy"})
  Metric[] metrics() {
    return new Metric[] {new Accuracy()};
  }
}
