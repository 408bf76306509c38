package dev.ortrain.cli;

import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.Trainer;
import java.io.PrintWriter;
import java.util.Map;

/** {@code run --fast-dev-run}: one batch of training, validation and test, and nothing written in the run folder. */
final class FastDevRun {
  private FastDevRun() {}

  static FitResult run(RunSetup setup, RunOptions options, PrintWriter console) {
    console.println("Fast dev run of " + setup.experiment().name() + ": one batch of training, of validation and of"
        + " test; nothing is written (no run folder, checkpoints or metrics files).");
    try (Trainer trainer = setup.experiment().create(options)) {
      FitResult result = trainer.fit();
      String test = trainer.hasTestData() ? ", " + metrics(trainer.test()) : "";
      console.println("Fast dev run passed: " + metrics(result.finalMetrics()) + test);
      return result;
    }
  }

  private static String metrics(Map<String, Double> metrics) {
    StringBuilder out = new StringBuilder();
    metrics.forEach((name, value) -> out.append(out.isEmpty() ? "" : ", ").append(name).append(' ')
        .append(String.format(java.util.Locale.ROOT, "%.4g", value)));
    return out.toString();
  }
}
