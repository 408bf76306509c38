package dev.ortrain.spark;

import dev.ortrain.annotations.Loss;
import dev.ortrain.annotations.Metrics;
import dev.ortrain.annotations.Model;
import dev.ortrain.annotations.OnBatchBegin;
import dev.ortrain.annotations.TrainData;
import dev.ortrain.annotations.Trainer;
import dev.ortrain.annotations.ValidationData;
import dev.ortrain.data.Dataset;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.metrics.Accuracy;
import dev.ortrain.metrics.Metric;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.Sequential;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.TaskContext;

/**
 * {@link TinySparkExperiment}'s twin whose first attempt of each Spark task is lost in its second epoch, after the
 * first epoch's checkpoint: the error escapes the trial as an executor's loss would end it. Off Spark it trains as
 * its twin does. It records where each attempt started, so that a test sees the retry resume.
 */
@Trainer(epochs = 3, batchSize = 4, learningRate = 0.05, runDirectory = "target/runs/first-attempt-lost")
public class FirstAttemptLostExperiment {
  /** An attempt that started training: Spark's attempt number and the epoch (from 0) of its first batch. */
  record Start(String runDirectory, int attempt, int epoch) {}

  static final Queue<Start> STARTS = new ConcurrentLinkedQueue<>();

  /** What ends the first attempt; an error, since the trial turns an exception into a failed result. */
  static final class LostExecutor extends Error {
    private static final long serialVersionUID = 1L;

    LostExecutor() {
      super("simulated loss of the executor");
    }
  }

  private boolean started;

  @OnBatchBegin
  void loseTheFirstAttempt(dev.ortrain.callbacks.TrainingContext context, int epoch) {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return;
    }
    if (!started) {
      started = true;
      STARTS.add(new Start(context.runDirectory().toString(), task.attemptNumber(), epoch));
    }
    if (task.attemptNumber() == 0 && epoch == 1) {
      throw new LostExecutor();
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
