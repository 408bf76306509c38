package dev.ortrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line without training: listing, and every mistake caught before any data is read. */
class CliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    return Cli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void sparkWithoutTheSparkModuleSaysWhichDependencyToAdd() {
    assertEquals(Cli.USAGE_ERROR, execute("sweep", "TinyExperiment", "--grid", "batchSize=4,8", "--spark", "local[2]"));
    assertEquals("error: --spark needs the module ortrain-spark on the class path, and it is not there: add the"
        + " dependency dev.ortrain:ortrain-spark (its version comes from ortrain-bom) next to ortrain-cli, or drop"
        + " --spark to run on this machine\n", err.toString());
  }

  @Test
  void dataParallelOptionsWithoutSparkSayToAddIt() {
    assertEquals(Cli.USAGE_ERROR, execute("run", "TinyExperiment", "--workers", "2"));
    assertEquals("error: --workers, --average-every and --exchange are for data-parallel training on Spark: add"
        + " --spark MASTER, or drop them\n", err.toString());
  }

  @Test
  void runWithSparkWithoutTheSparkModuleSaysWhichDependencyToAdd() {
    assertEquals(Cli.USAGE_ERROR, execute("run", "TinyExperiment", "--spark", "local[2]"));
    assertTrue(err.toString().startsWith("error: --spark needs the module ortrain-spark on the class path"),
        err.toString());
  }

  @Test
  void listShowsEachExperimentWithItsKeySettings() {
    assertEquals(0, execute("list"));
    String listing = out.toString();
    assertTrue(listing.contains("TinyExperiment  (dev.ortrain.cli.TinyExperiment)\n"
        + "    epochs 3, batchSize 4, learningRate 0.05, adamw("), listing);
    assertTrue(listing.contains("    run folder target/runs/tiny; validation data, test data\n"), listing);
  }

  @Test
  void aBadOverrideIsAUsageErrorWithTheCompileTimeMessage() {
    assertEquals(Cli.USAGE_ERROR, execute("run", "TinyExperiment", "--set", "epochs=0"));
    assertEquals("error: epochs = 0 is out of range; allowed: [1, 1000000] (number of passes over the training"
        + " data)\n", err.toString());
  }

  @Test
  void anUnknownKeyOrExperimentGetsASuggestion() {
    assertEquals(Cli.USAGE_ERROR, execute("run", "TinyExperiment", "--set", "batchSise=8"));
    assertTrue(err.toString().startsWith("error: unknown setting 'batchSise'; did you mean 'batchSize'?"),
        err.toString());
    assertEquals(Cli.USAGE_ERROR, execute("run", "tinyexperimnt"));
    assertTrue(err.toString().contains("error: unknown experiment 'tinyexperimnt'; did you mean 'TinyExperiment'?"
        + " Known experiments: "), err.toString());
  }

  @Test
  void missingArgumentsAreReportedWithUsage() {
    assertEquals(Cli.USAGE_ERROR, execute("evaluate", "TinyExperiment"));
    assertTrue(err.toString().contains("Missing required option: '--checkpoint=DIR'"), err.toString());
    assertEquals(Cli.USAGE_ERROR, execute());
    assertTrue(err.toString().contains("Name a command: list, run, sweep or evaluate"), err.toString());
  }

  @Test
  void experimentsMatchByQualifiedNameIgnoringCase() {
    ExperimentCatalog catalog = ExperimentCatalog.onClassPath();
    assertEquals("TinyExperiment", catalog.find("dev.ortrain.cli.tinyexperiment").name());
  }

  @Test
  void anEmptyClassPathSaysHowToAddAnExperiment() {
    int code = Cli.execute(new ExperimentCatalog(List.of()), new String[] {"list"}, new PrintWriter(out, true),
        new PrintWriter(err, true));
    assertEquals(0, code);
    assertTrue(out.toString().startsWith("No experiments on the class path"), out.toString());
  }

  @Test
  void helpWorksOnEveryCommand() {
    for (String command : List.of("list", "run", "sweep", "evaluate")) {
      out.getBuffer().setLength(0);
      assertEquals(0, execute(command, "--help"), command + ": " + err);
      assertTrue(out.toString().startsWith("Usage: ortrain " + command), out.toString());
    }
  }
}
