package dev.ortrain.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.ortrain.loop.FitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles experiments with the ortrain processor and Dagger's together, as a build does, then trains them
 * through the generated trainer on a tiny in-memory dataset.
 */
class GeneratedTrainerTrainingTest {
  private static final String HOOKS = String.join("\n", List.of(
      "  @OnTrainBegin void begin() { dev.ortrain.processor.HookRecorder.record(\"train begin\"); }",
      "  @OnEpochEnd void epochEnd(int epoch, TrainingContext ctx) {",
      "    dev.ortrain.processor.HookRecorder.record(\"epoch end \" + epoch + \" step \" + ctx.globalStep());",
      "  }",
      "  @OnValidationEnd(order = 150) void validated(Map<String, Double> metrics) {",
      "    dev.ortrain.processor.HookRecorder.record(\"validated \" + new java.util.TreeSet<>(metrics.keySet()));",
      "  }",
      "  @OnBatchEnd(order = -5) void batch(BatchOutcome outcome) {",
      "    dev.ortrain.processor.HookRecorder.record(\"batch of \" + outcome.size());",
      "  }"));

  @TempDir Path dir;

  @Test
  void declaredExperimentTrainsValidatesCheckpointsAndCallsItsHooks() throws Exception {
    JavaFileObject source = Experiments.experiment(List.of("epochs = 2", "batchSize = 4", "learningRate = 0.05",
        "checkpointEvery = 1", "runDirectory = \"" + dir + "\""),
        List.of("@Schedule(type = ScheduleType.COSINE, tMax = 3, warmupSteps = 1)"),
        Experiments.PROVIDERS + "\n" + Experiments.VALIDATION + "\n" + Experiments.METRICS + "\n" + HOOKS);
    HookRecorder.drain();

    FitResult result = fit(source);

    assertThat(result.epochsCompleted()).isEqualTo(2);
    assertThat(result.globalSteps()).isEqualTo(4); // 8 samples in batches of 4, twice
    assertThat(result.finalMetrics()).containsKey("val_accuracy");
    assertThat(result.finalMetrics().get("train_loss")).isFinite();
    assertThat(HookRecorder.drain()).containsExactly("train begin", "batch of 4", "batch of 4",
        "validated [val_accuracy, val_loss]", "epoch end 0 step 2", "batch of 4", "batch of 4",
        "validated [val_accuracy, val_loss]", "epoch end 1 step 4").inOrder();
    try (var checkpoints = Files.list(dir.resolve("checkpoints"))) {
      assertThat(checkpoints.count()).isAtLeast(1);
    }
  }

  @Test
  void computedScheduleSetsTheLearningRate() throws Exception {
    JavaFileObject source = Experiments.experiment(List.of("epochs = 1", "batchSize = 8", "optimizer ="
        + " OptimizerType.SGD", "momentum = 0.9", "runDirectory = \"" + dir + "\""), List.of(),
        Experiments.PROVIDERS + "\n"
            + "  @Schedule double rate(long step, int epoch, double baseLr) {\n"
            + "    dev.ortrain.processor.HookRecorder.record(\"rate at step \" + step);\n"
            + "    return baseLr / (1 + step);\n"
            + "  }\n");
    HookRecorder.drain();

    FitResult result = fit(source);

    assertThat(result.globalSteps()).isEqualTo(1);
    assertThat(HookRecorder.drain()).contains("rate at step 1");
  }

  private static FitResult fit(JavaFileObject source) throws Exception {
    Compilation compilation = Compilations.compile(source);
    assertThat(compilation).succeeded();
    Class<?> trainerClass = new CompiledClasses(compilation).loadClass("test.ExpTrainer");
    // Called reflectively only because the test compiles the experiment at run time.
    try (AutoCloseable trainer = (AutoCloseable) trainerClass.getMethod("create").invoke(null)) {
      return (FitResult) trainerClass.getMethod("fit").invoke(trainer);
    }
  }
}
