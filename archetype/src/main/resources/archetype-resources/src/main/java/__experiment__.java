package ${package};

import dev.ortrain.annotations.Loss;
import dev.ortrain.annotations.Metrics;
import dev.ortrain.annotations.Model;
import dev.ortrain.annotations.TrainData;
import dev.ortrain.annotations.Trainer;
import dev.ortrain.annotations.ValidationData;
import dev.ortrain.data.CsvDataset;
import dev.ortrain.data.Dataset;
import dev.ortrain.data.HoldOut;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.metrics.Accuracy;
import dev.ortrain.metrics.Metric;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;
import java.nio.file.Path;

/**
 * A small perceptron that tells two interleaving half-moons apart ({@code data/moons.csv}: 300 points, two
 * features, two classes), validated on a seeded hold-out of them. ortrain's processor checks the annotations when
 * this file compiles and generates {@code ${experiment}Trainer}; {@code mvn compile exec:java} trains it through
 * ortrain's command line into {@code runs/${experiment}/}.
 */
@Trainer(epochs = 30, batchSize = 16, learningRate = 0.01)
public class ${experiment} {
  /** Relative to the project folder, where Maven runs the command line and the tests. */
  static final Path DATA = Path.of("data", "moons.csv");

  /** The share of the points held out for validation: 60 of 300. */
  static final double VALIDATION_FRACTION = 0.2;

  /** Draws the hold-out; independent of the training seed, so that changing that keeps the validation points. */
  static final long SPLIT_SEED = 42;

  @Model(inputShape = {2})
  Sequential model() {
    return Sequential.of(new Linear(2, 32), new ReLU(), new Linear(32, 32), new ReLU(), new Linear(32, 2));
  }

  @Loss
  CrossEntropyLoss loss() {
    return CrossEntropyLoss.create();
  }

  @TrainData
  Dataset train() {
    return split().train();
  }

  /** Held out from the same file with as many points of each class, so validation sees points training does not. */
  @ValidationData
  Dataset validation() {
    return split().validation();
  }

  @Metrics({"accuracy"})
  Metric[] metrics() {
    return new Metric[] {new Accuracy()};
  }

  /** The columns x and y are the model's input, label (0 or 1) the class it predicts. */
  static HoldOut split() {
    return CsvDataset.read(DATA, "label", CsvDataset.Target.CLASS_INDEX).renamed(CsvDataset.FEATURES, "input")
        .holdOut(VALIDATION_FRACTION, SPLIT_SEED).stratifiedBy(CsvDataset.TARGET);
  }
}
