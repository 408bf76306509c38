package dev.ortrain.benchmarks.experiments;

import dev.ortrain.annotations.Loss;
import dev.ortrain.annotations.Model;
import dev.ortrain.annotations.TestData;
import dev.ortrain.annotations.TrainData;
import dev.ortrain.annotations.Trainer;
import dev.ortrain.benchmarks.Workloads;
import dev.ortrain.data.Dataset;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.nn.Sequential;
import javax.inject.Inject;

/**
 * The benchmark's CNN as a user writes it: annotated, trained through the generated
 * {@link BenchmarkCnnTrainer}. AdamW at 1e-3 and two threads, as the peers; the worker overrides batch size and
 * epochs per run.
 */
@Trainer(epochs = 1, batchSize = 64, learningRate = 1e-3, threads = 2, seed = 1, modules = BenchmarkData.class)
public class BenchmarkCnn {
  private final BenchmarkData data;

  @Inject
  BenchmarkCnn(BenchmarkData data) {
    this.data = data;
  }

  @Model(inputShape = {1, 28, 28})
  Sequential model() {
    return Workloads.cnn();
  }

  @Loss
  CrossEntropyLoss loss() {
    return CrossEntropyLoss.create();
  }

  @TrainData
  Dataset train() {
    return data.train();
  }

  @TestData
  Dataset test() {
    return data.test();
  }
}
