package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.cli.Cli;
import dev.ortrain.loop.BatchLimit;
import dev.ortrain.loop.DevelopmentOptions;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.settings.Setting;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains the experiment for a few steps, in code and through the command line, so that a broken change fails here. */
class ${experiment}Test {
  private static final int STEPS = 3;

  @TempDir Path runs;

  @Test
  void trainsAFewStepsAndValidates() {
    RunOptions fewSteps = RunOptions.defaults()
        .withSettingsOverride(settings -> settings.with(Setting.EPOCHS, 1))
        .withDevelopment(DevelopmentOptions.defaults().withTrainBatchLimit(BatchLimit.batches(STEPS)))
        .withRunDirectory(runs.resolve("few-steps"));
    try (${experiment}Trainer trainer = ${experiment}Trainer.create(fewSteps)) {
      FitResult result = trainer.fit();
      assertEquals(STEPS, result.globalSteps(), result.toString());
      assertTrue(Double.isFinite(result.finalMetrics().get("train_loss")), result.toString());
      double accuracy = result.finalMetrics().get("val_accuracy");
      assertTrue(accuracy >= 0 && accuracy <= 1, result.toString());
    }
  }

  @Test
  void theCommandLineFindsAndTrainsIt() throws Exception {
    Path run = runs.resolve("command-line");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Cli.execute(new String[] {"run", "${experiment}", "--set", "epochs=1", "--limit-batches",
        String.valueOf(STEPS), "--out", run.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, code, err.toString());
    assertTrue(Files.size(run.resolve("model.onnx")) > 0, out.toString());
    assertTrue(Files.readString(run.resolve("metrics.csv")).contains("val_accuracy"), out.toString());
  }
}
