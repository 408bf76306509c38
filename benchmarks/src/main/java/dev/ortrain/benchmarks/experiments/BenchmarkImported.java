package dev.ortrain.benchmarks.experiments;

import dev.ortrain.annotations.Loss;
import dev.ortrain.annotations.Model;
import dev.ortrain.annotations.TestData;
import dev.ortrain.annotations.TrainData;
import dev.ortrain.annotations.Trainer;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.benchmarks.Workloads;
import dev.ortrain.data.Dataset;
import dev.ortrain.loss.CrossEntropyLoss;
import java.nio.file.Path;
import javax.inject.Inject;

/**
 * A benchmark model PyTorch exported (the ResNet, the transformer classifier, the LSTM), as a user brings one:
 * imported in {@code @Model}, trained through the generated {@link BenchmarkImportedTrainer}, as the CNN is.
 * The file comes from system property {@value #MODEL_PROPERTY}, set by the benchmark worker before it builds a
 * trainer, as the data directory does.
 */
@Trainer(epochs = 1, batchSize = 32, learningRate = 1e-3, threads = 2, seed = 1, modules = BenchmarkData.class)
public class BenchmarkImported {
  public static final String MODEL_PROPERTY = "ortrain.benchmarks.onnx";

  private final BenchmarkData data;

  @Inject
  BenchmarkImported(BenchmarkData data) {
    this.data = data;
  }

  @Model
  ForwardModel model() {
    String file = System.getProperty(MODEL_PROPERTY);
    if (file == null) {
      throw new IllegalStateException("System property " + MODEL_PROPERTY + " names no ONNX file; the benchmark"
          + " worker sets it from the setup request's \"onnx\"");
    }
    return Workloads.imported(Path.of(file));
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
