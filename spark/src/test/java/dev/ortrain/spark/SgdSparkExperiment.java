package dev.ortrain.spark;

import dev.ortrain.annotations.Loss;
import dev.ortrain.annotations.Model;
import dev.ortrain.annotations.OptimizerType;
import dev.ortrain.annotations.TrainData;
import dev.ortrain.annotations.Trainer;
import dev.ortrain.annotations.ValidationData;
import dev.ortrain.data.Dataset;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;

/** Plain SGD on unshuffled data, for the test that N workers at batch b equal one worker at batch N x b. */
@Trainer(epochs = 2, batchSize = 4, optimizer = OptimizerType.SGD, learningRate = 0.5, shuffle = false, threads = 1,
    runDirectory = "target/runs/sgd-spark")
public class SgdSparkExperiment {
  @Model(inputShape = {4})
  Sequential model() {
    return Sequential.of(new Linear(4, 8), new ReLU(), new Linear(8, 3));
  }

  @Loss
  CrossEntropyLoss loss() {
    return CrossEntropyLoss.create();
  }

  @TrainData
  Dataset train() {
    return TinySamples.noisy(32);
  }

  @ValidationData
  Dataset validation() {
    return TinySamples.noisy(32);
  }
}
