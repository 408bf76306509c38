package dev.ortrain.callbacks;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.data.Dataset;
import dev.ortrain.graph.Shape;
import dev.ortrain.loop.Trainer;
import dev.ortrain.loop.TrainerConfig;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.metrics.Accuracy;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;
import dev.ortrain.testing.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Small real trainings for the logging callbacks: three Gaussian clusters in 4-D, an MLP, 200 samples in
 * batches of 16 (13 batches per epoch, the last one of 8 samples), validation on 64 samples.
 */
final class LoggingFixtures {
  static final int BATCHES_PER_EPOCH = 13;

  private LoggingFixtures() {}

  static TrainerConfig.Builder config(int epochs) {
    return TrainerConfig.builder().epochs(epochs).batchSize(16).threads(1).learningRate(0.01f);
  }

  static Trainer.Builder trainer(TrainerConfig config, Path runDirectory) {
    return Trainer.builder().config(config).model(mlp()).loss(CrossEntropyLoss.create())
        .trainData(clusters(200, 1, -1)).validationData(clusters(64, 2, -1)).testData(clusters(64, 3, -1))
        .metrics(new Accuracy()).runDirectory(runDirectory).log(m -> { });
  }

  /** {@code n} samples; sample {@code poisoned} (if >= 0) has a NaN feature. */
  static Dataset clusters(int n, long seed, int poisoned) {
    return TestModels.clusters(n, seed, poisoned);
  }

  static ForwardModel mlp() {
    return Sequential.of(new Linear(4, 16), new ReLU(), new Linear(16, 3)).build(Shape.batched(4), 3L);
  }

  /** A PrintStream whose text can be read back as lines. */
  static final class Captured {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * The text once it holds {@code newlines} line ends and ends with one, waiting up to two seconds: the
     * terminal bar's library draws and closes bars on its own thread.
     */
    String textWithFinishedLines(int newlines) {
      String text = text();
      for (int waited = 0; waited < 2000 && !(text.endsWith("\n") && count(text) >= newlines); waited += 20) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        text = text();
      }
      return text;
    }

    private static long count(String text) {
      return text.chars().filter(c -> c == '\n').count();
    }

    List<String> lines() {
      return Arrays.asList(text().split("\n"));
    }

    List<String> linesStartingWith(String prefix) {
      return lines().stream().filter(l -> l.startsWith(prefix)).toList();
    }
  }
}
