package dev.ortrain.benchmarks.diagnostics;

import dev.ortrain.benchmarks.Workload;
import dev.ortrain.benchmarks.Workloads;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.ConsoleLogger;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.data.Dataset;
import dev.ortrain.data.FashionMnist;
import dev.ortrain.data.Split;
import dev.ortrain.graph.Shape;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.Trainer;
import dev.ortrain.loop.TrainerConfig;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.metrics.Accuracy;
import dev.ortrain.schedule.Interval;
import dev.ortrain.schedule.Schedule;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test accuracy and wall time per epoch on the full Fashion-MNIST (Debian's dataset-fashion-mnist): the MLP
 * (784-256-128-10) and the benchmark CNN, AdamW (1e-3 by default) with cosine decay per epoch (or per
 * step to zero with --cosine-per-step), batch 64. Run:
 * {@code mvn -B -q install -DskipTests && mvn -B -q -pl benchmarks exec:java
 * -Dexec.mainClass=dev.ortrain.benchmarks.diagnostics.FashionMnistAccuracy -Dexec.args="--model mlp --epochs 5"}.
 */
public final class FashionMnistAccuracy {
  private FashionMnistAccuracy() {}

  public static void main(String[] args) throws Exception {
    String modelName = "mlp";
    int epochs = 5;
    Path dataDir = Path.of("/usr/share/datasets/fashion-mnist");
    float lr = 1e-3f;
    boolean perStep = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--model" -> modelName = args[++i];
        case "--epochs" -> epochs = Integer.parseInt(args[++i]);
        case "--data" -> dataDir = Path.of(args[++i]);
        case "--lr" -> lr = Float.parseFloat(args[++i]);
        case "--cosine-per-step" -> perStep = true;
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]
            + "; use --model cnn|mlp --epochs N --data DIR --lr X --cosine-per-step");
      }
    }
    Dataset train = FashionMnist.load(dataDir, Split.TRAIN).renamed("image", "input").renamed("label", "target");
    Dataset test = FashionMnist.load(dataDir, Split.TEST).renamed("image", "input").renamed("label", "target");
    TrainerConfig config = TrainerConfig.builder().epochs(epochs).batchSize(64).learningRate(lr).threads(2)
        .seed(42).build();
    Callback epochClock = new Callback() {
      private long start;

      @Override
      public void onEpochBegin(TrainingContext ctx) {
        start = System.nanoTime();
      }

      @Override
      public void onEpochEnd(TrainingContext ctx) {
        System.out.printf("epoch %d wall time (training and validation): %.1f s%n", ctx.epoch() + 1,
            (System.nanoTime() - start) / 1e9);
      }
    };
    try (Trainer t = Trainer.builder().config(config)
        .model(Workloads.model(modelName).build(Shape.batched(1, 28, 28), 42L))
        .loss(CrossEntropyLoss.create()).trainData(train).validationData(test).testData(test)
        .metrics(new Accuracy())
        .schedule(perStep ? Schedule.cosine((long) epochs * ((train.size() + 63) / 64), 0)
            : Schedule.cosine(epochs, 1e-5), perStep ? Interval.STEP : Interval.EPOCH)
        .callback(new ConsoleLogger(ConsoleLogger.Level.EPOCH)).callback(epochClock)
        .runDirectory(Files.createTempDirectory("ortrain-accuracy")).log(m -> { }).build()) {
      FitResult r = t.fit();
      System.out.printf("%s, %d epochs: test accuracy %.4f%n", modelName, r.epochsCompleted(),
          t.test().get("test_accuracy"));
    }
  }
}
