package dev.ortrain.spark;

import dev.ortrain.annotations.Loss;
import dev.ortrain.annotations.Model;
import dev.ortrain.annotations.OnBatchBegin;
import dev.ortrain.annotations.TrainData;
import dev.ortrain.annotations.Trainer;
import dev.ortrain.annotations.ValidationData;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.data.Dataset;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.nn.Dropout;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * AdamW with dropout on shuffled data, for data-parallel resume (each worker drawing its own dropout masks): when a
 * test sets {@link #LOSE_WORKER_1}, worker 1 is lost once, in its second epoch, as an executor's loss would end its
 * task. Worker 1 is known by its run folder, since with {@code --exchange tree} it trains on a thread of its own
 * rather than on its Spark task's.
 */
@Trainer(epochs = 3, batchSize = 4, learningRate = 0.01, threads = 1, runDirectory = "target/runs/adamw-spark")
public class AdamWSparkExperiment {
  static final AtomicBoolean LOSE_WORKER_1 = new AtomicBoolean();

  @OnBatchBegin
  void loseWorker1Once(TrainingContext context, int epoch) {
    if (context.runDirectory().endsWith(Path.of("workers", "worker-1")) && epoch == 1
        && LOSE_WORKER_1.compareAndSet(true, false)) {
      throw new FirstAttemptLostExperiment.LostExecutor();
    }
  }

  @Model(inputShape = {4})
  Sequential model() {
    return Sequential.of(new Linear(4, 8), new ReLU(), new Dropout(0.25f), new Linear(8, 3));
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
