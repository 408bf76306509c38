package dev.ortrain.examples.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line without training: listing, and every mistake caught before any data is read. */
class RunnerTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    return Runner.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void listShowsEachExperimentWithItsKeySettings() {
    assertEquals(0, execute("list"));
    String listing = out.toString();
    assertTrue(listing.contains("TinyExperiment  (dev.ortrain.examples.runner.TinyExperiment)\n"
        + "    epochs 3, batchSize 4, learningRate 0.05, adamw("), listing);
    assertTrue(listing.contains("    run folder target/runs/tiny; validation data, test data\n"), listing);
    // The Fashion-MNIST experiments are listed too; their values are theirs to change.
    assertTrue(listing.contains("FashionMnistMlp  (dev.ortrain.examples.FashionMnistMlp)\n"), listing);
    assertTrue(listing.contains("FashionMnistCnn  (dev.ortrain.examples.FashionMnistCnn)\n"), listing);
  }

  @Test
  void aBadOverrideIsAUsageErrorWithTheCompileTimeMessage() {
    assertEquals(Runner.USAGE_ERROR, execute("run", "TinyExperiment", "--set", "epochs=0"));
    assertEquals("error: epochs = 0 is out of range; allowed: [1, 1000000] (number of passes over the training"
        + " data)\n", err.toString());
  }

  @Test
  void anUnknownKeyOrExperimentGetsASuggestion() {
    assertEquals(Runner.USAGE_ERROR, execute("run", "TinyExperiment", "--set", "batchSise=8"));
    assertTrue(err.toString().startsWith("error: unknown setting 'batchSise'; did you mean 'batchSize'?"),
        err.toString());
    assertEquals(Runner.USAGE_ERROR, execute("run", "tinyexperimnt"));
    assertTrue(err.toString().contains("error: unknown experiment 'tinyexperimnt'; did you mean 'TinyExperiment'?"
        + " Known experiments: "), err.toString());
  }

  @Test
  void missingArgumentsAreReportedWithUsage() {
    assertEquals(Runner.USAGE_ERROR, execute("evaluate", "TinyExperiment"));
    assertTrue(err.toString().contains("Missing required option: '--checkpoint=DIR'"), err.toString());
    assertEquals(Runner.USAGE_ERROR, execute());
    assertTrue(err.toString().contains("Name a command: list, run or evaluate"), err.toString());
  }

  @Test
  void experimentsMatchByQualifiedNameIgnoringCase() {
    ExperimentCatalog catalog = ExperimentCatalog.onClassPath();
    assertEquals("TinyExperiment", catalog.find("dev.ortrain.examples.runner.tinyexperiment").name());
  }

  @Test
  void anEmptyClassPathSaysHowToAddAnExperiment() {
    int code = Runner.execute(new ExperimentCatalog(List.of()), new String[] {"list"}, new PrintWriter(out, true),
        new PrintWriter(err, true));
    assertEquals(0, code);
    assertTrue(out.toString().startsWith("No experiments on the class path"), out.toString());
  }
}
