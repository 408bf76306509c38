package dev.ortrain.processor;

import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * Sources of test experiments: a valid one ({@code test.Exp}) with each {@code @Trainer} attribute, class
 * annotation and member on a line of its own, so a test can change one thing and find it by its text.
 */
final class Experiments {
  static final String FILE = "test/Exp.java";
  private static final String IMPORTS = String.join("\n", List.of(
      "import dev.ortrain.annotations.Loss;",
      "import dev.ortrain.annotations.Metrics;",
      "import dev.ortrain.annotations.Model;",
      "import dev.ortrain.annotations.MonitorMode;",
      "import dev.ortrain.annotations.NanAction;",
      "import dev.ortrain.annotations.OnBatchBegin;",
      "import dev.ortrain.annotations.OnBatchEnd;",
      "import dev.ortrain.annotations.OnEpochBegin;",
      "import dev.ortrain.annotations.OnEpochEnd;",
      "import dev.ortrain.annotations.OnTrainBegin;",
      "import dev.ortrain.annotations.OnTrainEnd;",
      "import dev.ortrain.annotations.OnValidationBegin;",
      "import dev.ortrain.annotations.OnValidationEnd;",
      "import dev.ortrain.annotations.OptimizerType;",
      "import dev.ortrain.annotations.Schedule;",
      "import dev.ortrain.annotations.ScheduleType;",
      "import dev.ortrain.annotations.TestData;",
      "import dev.ortrain.annotations.TrainData;",
      "import dev.ortrain.annotations.Trainer;",
      "import dev.ortrain.annotations.Unit;",
      "import dev.ortrain.annotations.ValidationData;",
      "import dev.ortrain.callbacks.BatchOutcome;",
      "import dev.ortrain.callbacks.TrainingContext;",
      "import dev.ortrain.data.ArrayDataset;",
      "import dev.ortrain.data.Dataset;",
      "import dev.ortrain.loss.CrossEntropyLoss;",
      "import dev.ortrain.metrics.Accuracy;",
      "import dev.ortrain.metrics.Metric;",
      "import dev.ortrain.nn.Linear;",
      "import dev.ortrain.nn.Sequential;",
      "import java.util.List;",
      "import java.util.Map;",
      "import javax.inject.Inject;"));
  /** The three providers every experiment needs. */
  static final String PROVIDERS = String.join("\n", List.of(
      "  @Model(inputShape = {4})",
      "  Sequential model() { return Sequential.of(new Linear(4, 3)); }",
      "  @Loss",
      "  CrossEntropyLoss loss() { return CrossEntropyLoss.create(); }",
      "  @TrainData",
      "  Dataset train() { return tiny(); }"));
  static final String VALIDATION = "  @ValidationData\n  Dataset validation() { return tiny(); }";
  static final String METRICS = "  @Metrics({\"accuracy\"})\n"
      + "  Metric[] metrics() { return new Metric[] {new Accuracy()}; }";
  /** Eight samples of four features and one of three classes. */
  static final String TINY = String.join("\n", List.of(
      "  static Dataset tiny() {",
      "    float[] x = new float[32];",
      "    long[] y = new long[8];",
      "    for (int i = 0; i < 8; i++) {",
      "      y[i] = i % 3;",
      "      x[i * 4 + (int) y[i]] = 1f;",
      "    }",
      "    return ArrayDataset.builder(8).floats(\"input\", x, 4).longs(\"target\", y).build();",
      "  }"));

  private Experiments() {}

  /** {@code test.Exp} with these {@code @Trainer} attributes, class annotations and members. */
  static JavaFileObject experiment(List<String> trainerAttributes, List<String> classAnnotations,
      String members) {
    return declared("public class Exp", trainerAttributes, classAnnotations, members);
  }

  /** As {@link #experiment}, with a class declaration of the test's choosing ({@code "abstract class Exp"}). */
  static JavaFileObject declared(String declaration, List<String> trainerAttributes, List<String> classAnnotations,
      String members) {
    String attributes = trainerAttributes.isEmpty() ? "" : "(\n    " + String.join(",\n    ", trainerAttributes)
        + "\n)";
    String source = "package test;\n\n" + IMPORTS + "\n\n@Trainer" + attributes + "\n"
        + String.join("\n", classAnnotations) + (classAnnotations.isEmpty() ? "" : "\n")
        + declaration + " {\n" + members + "\n" + TINY + "\n}\n";
    return JavaFileObjects.forSourceString("test.Exp", source);
  }

  /** The valid experiment with these {@code @Trainer} attributes. */
  static JavaFileObject withTrainer(String... attributes) {
    return experiment(List.of(attributes), List.of(), PROVIDERS);
  }

  /** The valid experiment with validation data and these {@code @Trainer} attributes. */
  static JavaFileObject withTrainerAndValidation(String... attributes) {
    return experiment(List.of(attributes), List.of(), PROVIDERS + "\n" + VALIDATION);
  }

  /** The valid experiment plus these members. */
  static JavaFileObject withMembers(String... members) {
    return experiment(List.of(), List.of(), PROVIDERS + "\n" + String.join("\n", members));
  }
}
