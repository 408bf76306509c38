package dev.ortrain.benchmarks;

import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.graph.Shape;
import dev.ortrain.importer.OnnxModelImporter;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.nn.Conv2d;
import dev.ortrain.nn.Flatten;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.MaxPool2d;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;
import java.nio.file.Path;

/**
 * The benchmark's models as ortrain builds them, identical in every contender (benchmarks/PROTOCOL.md): the MLP
 * and CNN with its Java API, the others imported from PyTorch's export.
 */
public final class Workloads {
  /** Floating-point operations of one training sample (forward + backward = 3x the forward pass). */
  public static final double MLP_FLOPS_PER_SAMPLE = 3 * 2.0 * (784 * 256 + 256 * 128 + 128 * 10);
  public static final double CNN_FLOPS_PER_SAMPLE = 3 * 2.0 * (28 * 28 * 32 * 9 + 14 * 14 * 64 * 32 * 9
      + 3136 * 128 + 128 * 10);

  private Workloads() {}

  public static Sequential mlp() {
    return Sequential.of(new Flatten(), new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(),
        new Linear(128, 10));
  }

  /** The benchmark CNN (Conv 32 - Pool - Conv 64 - Pool - Linear 128 - Linear 10). */
  public static Sequential cnn() {
    return Sequential.of(
        new Conv2d(1, 32, 3).padding(1), new ReLU(), new MaxPool2d(2),
        new Conv2d(32, 64, 3).padding(1), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(3136, 128), new ReLU(), new Linear(128, 10));
  }

  public static Sequential model(String name) {
    return switch (name) {
      case "cnn" -> cnn();
      case "mlp" -> mlp();
      default -> throw new IllegalArgumentException("model must be cnn or mlp, got " + name);
    };
  }

  /**
   * The training artifacts of a benchmark model as every ORT contender trains it: Fashion-MNIST images, softmax
   * cross-entropy, AdamW with its defaults. Callers may set a gradient registry before building.
   */
  public static ArtifactBuilder artifacts(String name, long seed) {
    return trainedAsEveryModel(model(name).build(Shape.batched(1, 28, 28), seed));
  }

  /** The training artifacts of a model PyTorch exported ({@code torch_worker.py --export}), trained as above. */
  public static ArtifactBuilder importedArtifacts(Path onnx) {
    return trainedAsEveryModel(imported(onnx));
  }

  /** A model PyTorch exported, with the initial weights the PyTorch peer starts from. */
  public static ForwardModel imported(Path onnx) {
    return OnnxModelImporter.load(onnx).toForwardModel();
  }

  private static ArtifactBuilder trainedAsEveryModel(ForwardModel model) {
    return ArtifactBuilder.forModel(model).loss(CrossEntropyLoss.create()).optimizer(Optimizer.AdamW.defaults());
  }
}
