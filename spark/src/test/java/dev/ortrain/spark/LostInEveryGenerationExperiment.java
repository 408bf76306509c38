package dev.ortrain.spark;

import dev.ortrain.annotations.Loss;
import dev.ortrain.annotations.Model;
import dev.ortrain.annotations.OnBatchBegin;
import dev.ortrain.annotations.TrainData;
import dev.ortrain.annotations.Trainer;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.data.Dataset;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.Sequential;
import java.nio.file.Path;

/**
 * Worker 1 is lost every time it reaches the second step of its second epoch (4 steps an epoch on 2 workers), after
 * the first epoch's checkpoint: so every generation of a tree-aggregated run restarts from that checkpoint and is lost
 * again, for the test that the driver gives up.
 */
@Trainer(epochs = 2, batchSize = 4, learningRate = 0.05, threads = 1, runDirectory = "target/runs/lost-every-time")
public class LostInEveryGenerationExperiment {
  @OnBatchBegin
  void loseWorker1(TrainingContext context, int epoch) {
    if (context.runDirectory().endsWith(Path.of("workers", "worker-1")) && epoch == 1 && context.globalStep() > 4) {
      throw new FirstAttemptLostExperiment.LostExecutor();
    }
  }

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
    return TinySamples.noisy(32);
  }
}
