package dev.ortrain.examples;

import dev.ortrain.annotations.Loss;
import dev.ortrain.annotations.Metrics;
import dev.ortrain.annotations.Model;
import dev.ortrain.annotations.Schedule;
import dev.ortrain.annotations.ScheduleType;
import dev.ortrain.annotations.TestData;
import dev.ortrain.annotations.TrainData;
import dev.ortrain.annotations.Trainer;
import dev.ortrain.annotations.Unit;
import dev.ortrain.annotations.ValidationData;
import dev.ortrain.data.Dataset;
import dev.ortrain.examples.models.VisionTransformer;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.metrics.Accuracy;
import dev.ortrain.metrics.Metric;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;

/**
 * A vision transformer ({@link VisionTransformer}) on 7x7 patches, 16 of them and a class token, 4 pre-norm blocks
 * of width 64 written with the Java model API, as an annotated experiment on Fashion-MNIST: AdamW at 1e-3 with
 * cosine decay per epoch over 10 epochs. Its PyTorch twin is in {@code benchmarks/python/java_models_peer.py}.
 * Generates {@link FashionMnistVitTrainer}.
 *
 * <p>Run: {@code mvn -B -q -pl examples exec:java -Dexec.args="run FashionMnistVit --test"}.
 */
@Trainer(
    epochs = 10,
    batchSize = 64,
    learningRate = 1e-3,
    runDirectory = "runs/fashion-mnist-vit",
    modules = FashionMnistModule.class)
@Schedule(type = ScheduleType.COSINE, unit = Unit.EPOCH, tMax = 10, minLearningRate = 1e-5)
public class FashionMnistVit {
  private final FashionMnistData data;

  @Inject
  FashionMnistVit(FashionMnistData data) {
    this.data = data;
  }

  @Model(inputShape = {1, 28, 28})
  VisionTransformer model() {
    return new VisionTransformer(new VisionTransformer.Sizes(28, 7, 1, 64, 4, 4, 128, 10));
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

  @TestData
  Dataset test() {
    return FashionMnistModule.test(data);
  }

  @Metrics({"accuracy"})
  List<Metric> metrics() {
    return List.of(new Accuracy());
  }

  public static void main(String[] args) {
    try (FashionMnistVitTrainer trainer = FashionMnistVitTrainer.create()) {
      FitResult result = trainer.fit();
      Map<String, Double> test = trainer.test();
      System.out.printf("%d epoch(s), %d steps; test accuracy %.4f%n", result.epochsCompleted(),
          result.globalSteps(), test.get("test_accuracy"));
    }
  }
}
