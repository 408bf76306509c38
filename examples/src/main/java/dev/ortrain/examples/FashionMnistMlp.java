package dev.ortrain.examples;

import dev.ortrain.annotations.Loss;
import dev.ortrain.annotations.Metrics;
import dev.ortrain.annotations.Model;
import dev.ortrain.annotations.OnEpochEnd;
import dev.ortrain.annotations.Schedule;
import dev.ortrain.annotations.ScheduleType;
import dev.ortrain.annotations.TestData;
import dev.ortrain.annotations.TrainData;
import dev.ortrain.annotations.Trainer;
import dev.ortrain.annotations.Unit;
import dev.ortrain.annotations.ValidationData;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.data.Dataset;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.metrics.Accuracy;
import dev.ortrain.metrics.Metric;
import dev.ortrain.nn.Flatten;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;
import javax.inject.Inject;

/**
 * A Fashion-MNIST MLP as an annotated experiment: AdamW with one epoch of linear warm-up, then cosine annealing
 * to the end, early stopping on validation accuracy (keeping the best weights), and a hook that prints each
 * epoch. The processor checks all of it when this file compiles and generates {@link FashionMnistMlpTrainer}.
 *
 * <p>Run: {@code mvn -B -q -pl examples exec:java -Dexec.mainClass=dev.ortrain.examples.FashionMnistMlp}.
 */
@Trainer(
    epochs = 5,
    batchSize = 64,
    learningRate = 2e-3,
    earlyStoppingMonitor = "val_accuracy",
    patience = 2,
    restoreBestWeights = true,
    runDirectory = "runs/fashion-mnist-mlp",
    modules = FashionMnistModule.class)
@Schedule(type = ScheduleType.COSINE, unit = Unit.EPOCH, warmupSteps = 1, tMax = 4, minLearningRate = 1e-5)
public class FashionMnistMlp {
  private final FashionMnistData data;

  @Inject
  FashionMnistMlp(FashionMnistData data) {
    this.data = data;
  }

  @Model(inputShape = {1, 28, 28})
  Sequential model() {
    return Sequential.of(new Flatten(), new Linear(784, 256), new ReLU(), new Linear(256, 10));
  }

  @Loss
  CrossEntropyLoss loss() {
    return CrossEntropyLoss.create();
  }

  @TrainData
  Dataset train() {
    return FashionMnistModule.train(data);
  }

  /** Held out from the training split: the test split is only for the final figure. */
  @ValidationData
  Dataset validation() {
    return FashionMnistModule.validation(data);
  }

  /** Read once, after training (the command line's run --test, or trainer.test()). */
  @TestData
  Dataset test() {
    return FashionMnistModule.test(data);
  }

  @Metrics({"accuracy"})
  Metric[] metrics() {
    return new Metric[] {new Accuracy()};
  }

  @OnEpochEnd
  void report(TrainingContext ctx, int epoch) {
    System.out.printf("epoch %d/%d  train_loss %.4f  val_accuracy %.4f  next lr %.2e%n", epoch + 1, ctx.epochs(),
        ctx.metrics().get("train_loss"), ctx.metrics().get("val_accuracy"), ctx.learningRate());
  }

  public static void main(String[] args) {
    try (FashionMnistMlpTrainer trainer = FashionMnistMlpTrainer.create()) {
      FitResult result = trainer.fit();
      System.out.printf("%s after %d epoch(s); val_accuracy %.4f%n", result.stopReason(), result.epochsCompleted(),
          result.finalMetrics().get("val_accuracy"));
    }
  }
}
