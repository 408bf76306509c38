package dev.ortrain.examples;

import dev.ortrain.callbacks.ConsoleLogger;
import dev.ortrain.callbacks.MetricsFile;
import dev.ortrain.callbacks.ModelCheckpoint;
import dev.ortrain.callbacks.ProgressBar;
import dev.ortrain.data.Dataset;
import dev.ortrain.data.HoldOut;
import dev.ortrain.data.IdxDataset;
import dev.ortrain.graph.Shape;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.Trainer;
import dev.ortrain.loop.TrainerConfig;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.metrics.Accuracy;
import dev.ortrain.nn.Flatten;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;
import dev.ortrain.schedule.Interval;
import dev.ortrain.schedule.Schedule;
import java.nio.file.Path;
import java.util.Map;

/**
 * The README's first command: an MLP defined in Java, trained on Fashion-MNIST by the engine through ONNX
 * Runtime, validated on a seeded, stratified twelfth held out of the training split (the test split is
 * measured once, at the end), with a cosine schedule, progress, metrics files, checkpoints and an exported
 * inference model. Annotated experiments generate this wiring for you.
 *
 * <p>Arguments (all optional): {@code --epochs N}, {@code --data DIR}, {@code --out DIR}.
 */
public final class FashionMnistQuickStart {
  private FashionMnistQuickStart() {}

  public static void main(String[] args) {
    int epochs = 3;
    Path dataDir = null;
    Path out = Path.of("runs", "quickstart");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--epochs" -> epochs = Integer.parseInt(args[++i]);
        case "--data" -> dataDir = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("Unknown argument " + args[i] + "; use --epochs N, --data DIR, --out DIR");
      }
    }
    FashionMnistData data = FashionMnistData.load(dataDir);
    System.out.println("Data: " + data.source());
    Sequential model = Sequential.of(
        new Flatten(), new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10));
    Shape input = Shape.batched(1, 28, 28);
    System.out.print(model.summary(input));

    // A twelfth of the training split, drawn with a fixed seed and as many of each class, validates; the test
    // split is read once, at the end.
    HoldOut split = dataset(data.trainImages(), data.trainLabels(), "train").holdOut(1.0 / 12, 42)
        .stratifiedBy("target");
    TrainerConfig config = TrainerConfig.builder().epochs(epochs).batchSize(64).learningRate(1e-3f).seed(42).build();
    try (Trainer trainer = Trainer.builder()
        .config(config)
        .model(model.build(input, 42L))
        .loss(CrossEntropyLoss.create())
        .trainData(split.train())
        .validationData(split.validation())
        .testData(dataset(data.testImages(), data.testLabels(), "test"))
        .metrics(new Accuracy())
        .schedule(Schedule.cosine(epochs, 1e-5), Interval.EPOCH)
        .callback(new ConsoleLogger(ConsoleLogger.Level.EPOCH))
        .callback(new ProgressBar())
        .callback(new MetricsFile())
        .callback(ModelCheckpoint.everyEpoch())
        .runDirectory(out)
        .build()) {
      FitResult result = trainer.fit();
      Map<String, Double> test = trainer.test();
      trainer.exportInferenceModel(out.resolve("model.onnx"));
      System.out.printf("Test accuracy after %d epoch(s): %.4f%n", result.epochsCompleted(), test.get("test_accuracy"));
      System.out.println("Run directory: " + out.toAbsolutePath() + " (metrics.csv, checkpoints/, model.onnx)");
    }
  }

  /** Pixels scaled to [0, 1], fields named as the model's input and the loss's target. */
  static Dataset dataset(dev.ortrain.data.IdxFile images, dev.ortrain.data.IdxFile labels, String split) {
    return IdxDataset.of(images, labels, split).renamed(IdxDataset.IMAGE, "input").renamed(IdxDataset.LABEL, "target");
  }
}
