package dev.ortrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run}'s development flags and the extension of a run, on the test-only experiment (4 batches an epoch). */
class DevelopmentFlagsTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    return Cli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void aFastDevRunWritesNoRunFolder() {
    Path run = dir.resolve("fast");
    assertEquals(0, execute("run", "TinyExperiment", "--fast-dev-run", "--out", run.toString()), err.toString());
    assertFalse(Files.exists(run), "no run folder");
    assertTrue(out.toString().contains("Fast dev run of TinyExperiment: one batch of training, of validation and of"
        + " test; nothing is written"), out.toString());
    assertTrue(out.toString().contains("Fast dev run passed: train_loss"), out.toString());
    assertTrue(out.toString().contains("test_loss"), out.toString());
  }

  @Test
  void limitsAndOverfittingSetTheBatchesOfAnEpoch() {
    assertEquals(0, execute("run", "TinyExperiment", "--set", "epochs=1", "--limit-batches", "3", "--out",
        dir.resolve("limited").toString()), err.toString());
    assertTrue(out.toString().contains("TinyExperiment: 1 epoch(s), 3 steps, completed"), out.toString());
    assertEquals(0, execute("run", "TinyExperiment", "--set", "epochs=2", "--overfit-batches", "1",
        "--sanity-val-batches", "0", "--out", dir.resolve("overfit").toString()), err.toString());
    assertTrue(out.toString().contains("TinyExperiment: 2 epoch(s), 2 steps, completed"), out.toString());
  }

  @Test
  void badValuesAndCombinationsAreNamed() {
    assertUsageError("--overfit-batches 0 is below 1; give a whole number of at least 1", "--overfit-batches", "0");
    assertUsageError("--sanity-val-batches -1 is below 0", "--sanity-val-batches", "-1");
    assertUsageError("limit batches = 'lots' is neither a count of batches", "--limit-batches", "lots");
    assertUsageError("limit batches = 1.5 is not a fraction in (0, 1)", "--limit-batches", "1.5");
    assertUsageError("A fast dev run trains one batch already", "--fast-dev-run", "--limit-batches", "2");
    assertUsageError("--fast-dev-run checks one batch from the start and keeps nothing; drop --resume",
        "--fast-dev-run", "--resume", dir.toString());
    assertUsageError("drop --seeds", "--fast-dev-run", "--seeds", "1,2");
    assertUsageError("--extend continues a resumed run past its schedule's end; use it with --resume", "--extend");
  }

  private void assertUsageError(String message, String... flags) {
    String[] args = new String[flags.length + 4];
    args[0] = "run";
    args[1] = "TinyExperiment";
    args[2] = "--out";
    args[3] = dir.resolve("never").toString();
    System.arraycopy(flags, 0, args, 4, flags.length);
    err.getBuffer().setLength(0);
    assertEquals(Cli.USAGE_ERROR, execute(args), err.toString());
    assertTrue(err.toString().contains(message), err.toString());
    assertFalse(Files.exists(dir.resolve("never")), "a refused command writes nothing");
  }

  /** "Two more epochs": the run folder resumed with a larger epochs keeps its other settings and continues. */
  @Test
  void aResumeWithMoreEpochsExtendsTheRun() throws Exception {
    Path run = dir.resolve("extended");
    assertEquals(0, execute("run", "TinyExperiment", "--set", "epochs=1", "--set", "seed=3", "--out",
        run.toString()), err.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, execute("run", "TinyExperiment", "--resume", run.toString(), "--set", "epochs=3"),
        err.toString());
    assertTrue(out.toString().contains("Resuming " + run + ": extending from 1 to 3 epochs"), out.toString());
    assertTrue(out.toString().contains("TinyExperiment: 3 epoch(s), 12 steps, completed"), out.toString());
    assertEquals(4, Files.readAllLines(run.resolve("metrics.csv")).size(), "header and 3 epochs, each once");
    String config = Files.readString(run.resolve("config.json"));
    assertTrue(config.contains("\"epochs\": 3,") && config.contains("\"seed\": 3,"), config);
  }
}
