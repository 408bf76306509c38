package dev.ortrain.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.cli.sweep.LocalTrialEngine;
import dev.ortrain.cli.sweep.TrialEngine;
import dev.ortrain.cli.sweep.TrialMonitor;
import dev.ortrain.cli.sweep.TrialResult;
import dev.ortrain.cli.sweep.TrialRunner;
import dev.ortrain.cli.sweep.Trial;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Sweeps of the test-only experiment through the command line: kill and resume, refusals, pruning. */
class SweepCommandTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    return Cli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** Two random learning rates, each with two batch sizes: four configurations, two seeds each, one at a time. */
  private static String[] fourByTwo(Path folder) {
    return new String[] {"sweep", "TinyExperiment", "--grid", "batchSize=4,8", "--random",
        "learningRate=loguniform:0.01:0.5", "--trials", "2", "--seeds", "2", "--set", "epochs=3", "--set", "threads=1",
        "--parallel", "1", "--out", folder.toString()};
  }

  /** A kill, as the sweep sees one: an error from the middle of a trial, after so many epochs of all trials. */
  private static final class SimulatedKill extends Error {
    private static final long serialVersionUID = 1L;
  }

  private record KillingEngine(TrialEngine engine, int epochsBeforeKill) implements TrialEngine {
    @Override
    public void run(List<Trial> trials, TrialRunner runner, TrialMonitor monitor, Consumer<TrialResult> finished) {
      AtomicInteger epochs = new AtomicInteger();
      TrialMonitor killing = (trial, epoch, metrics) -> {
        if (epochs.incrementAndGet() > epochsBeforeKill) {
          throw new SimulatedKill();
        }
        return monitor.epochEnded(trial, epoch, metrics);
      };
      engine.run(trials, runner, killing, finished);
    }
  }

  @Test
  void aKilledSweepResumedWithTheSameCommandEndsWithTheTablesOfAnUninterruptedOne() throws Exception {
    Path uninterrupted = dir.resolve("uninterrupted");
    assertEquals(0, execute(fourByTwo(uninterrupted)), err.toString());

    Path killed = dir.resolve("killed");
    CommandLine line = Cli.commandLine(ExperimentCatalog.onClassPath())
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    SweepCommand command = (SweepCommand) line.parseArgs(fourByTwo(killed)).subcommand().commandSpec().userObject();
    // three trials of three epochs, then the fourth killed at the end of its second epoch, before its checkpoint
    assertThrows(SimulatedKill.class,
        () -> command.sweepWith(parallel -> new KillingEngine(new LocalTrialEngine(parallel), 10)));
    assertEquals(3, finishedTrials(killed), "three trials were recorded before the kill");
    Path fourth = killed.resolve("trials/config-002/seed-2"); // batchSize 8: two steps an epoch
    assertFalse(Files.exists(fourth.resolve("trial.json")));
    assertEquals(List.of("epoch-0001-step-00000002"), names(fourth.resolve("checkpoints")));

    out.getBuffer().setLength(0);
    assertEquals(0, execute(fourByTwo(killed)), err.toString());
    assertTrue(out.toString().contains("8 trials, 3 finished earlier, 5 to run"), out.toString());
    for (String table : List.of("results.csv", "results.md", "best.json")) {
      assertEquals(Files.readString(uninterrupted.resolve(table)), Files.readString(killed.resolve(table)), table);
    }
    List<String> csv = Files.readAllLines(killed.resolve("results.csv"));
    assertEquals("configuration,batchSize,learningRate,seeds,last_val_loss_mean,last_val_loss_std,best_val_loss_mean,"
        + "best_val_loss_std,status", csv.get(0));
    assertEquals(5, csv.size(), csv.toString());
    assertTrue(csv.stream().skip(1).allMatch(row -> row.endsWith(",2,") || row.endsWith(",completed")), csv.toString());
    assertEquals(3, Files.readAllLines(fourth.resolve("metrics.csv")).size() - 1, "each epoch once after the resume");
    for (String plot : List.of("metric-vs-batchSize.png", "metric-vs-learningRate.png")) {
      assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(Files.readAllBytes(killed.resolve(plot)), 4), plot);
    }
  }

  @Test
  void aResumeWithAnotherDefinitionIsRefusedWithTheDifferencesAndChangesNothing() throws Exception {
    Path sweep = dir.resolve("sweep");
    String[] first = {"sweep", "TinyExperiment", "--grid", "learningRate=0.05,0.1", "--set", "epochs=1", "--set",
        "threads=1", "--parallel", "1", "--out", sweep.toString()};
    assertEquals(0, execute(first), err.toString());
    Map<Path, String> before = contents(sweep);

    assertEquals(Cli.USAGE_ERROR, execute("sweep", "TinyExperiment", "--grid", "learningRate=0.05,0.2", "--set",
        "epochs=1", "--set", "threads=1", "--parallel", "1", "--out", sweep.toString()));
    assertTrue(err.toString().contains("holds another sweep") && err.toString().contains(
        "grid: [\"learningRate=0.05,0.1\"] stored, [\"learningRate=0.05,0.2\"] given"), err.toString());
    assertTrue(err.toString().contains("--start-over"), err.toString());
    assertEquals(before, contents(sweep), "the refused resume changed nothing");

    out.getBuffer().setLength(0);
    assertEquals(0, execute("sweep", "TinyExperiment", "--grid", "learningRate=0.05,0.2", "--set", "epochs=1",
        "--set", "threads=1", "--parallel", "1", "--out", sweep.toString(), "--start-over"), err.toString());
    assertTrue(out.toString().contains("0 finished earlier, 2 to run"), out.toString());
    assertTrue(Files.readString(sweep.resolve("results.csv")).contains(",0.2,"));
  }

  @Test
  void theMedianRuleStopsATrialWorseThanTheCompletedOnes() throws Exception {
    Path sweep = dir.resolve("pruned");
    assertEquals(0, execute("sweep", "TinyExperiment", "--grid", "learningRate=0.5,0.4,0.3,0.00001", "--set",
        "epochs=3", "--set", "threads=1", "--parallel", "1", "--prune", "median", "--out", sweep.toString()),
        err.toString());
    List<String> csv = Files.readAllLines(sweep.resolve("results.csv"));
    assertTrue(csv.get(1).endsWith(",completed") && csv.get(3).endsWith(",completed"), csv.toString());
    assertTrue(csv.get(4).startsWith("config-004,0.00001,") && csv.get(4).endsWith(",pruned"), csv.toString());
    String trial = Files.readString(sweep.resolve("trials/config-004/seed-42/trial.json"));
    assertTrue(trial.contains("pruned: val_loss") && trial.contains("at epoch 1 is worse than the median"), trial);
    assertEquals(2, Files.readAllLines(sweep.resolve("trials/config-004/seed-42/metrics.csv")).size(), "one epoch");
  }

  @Test
  void aBadSweptValueReadsAsTheSameValueGivenToSet() {
    assertEquals(Cli.USAGE_ERROR, execute("sweep", "TinyExperiment", "--grid", "epochs=2,0", "--out",
        dir.resolve("bad").toString()));
    assertEquals("error: epochs = 0 is out of range; allowed: [1, 1000000] (number of passes over the training"
        + " data)", err.toString().strip());
    err.getBuffer().setLength(0);
    assertEquals(Cli.USAGE_ERROR, execute("sweep", "TinyExperiment", "--random", "learnignRate=uniform:0.1:0.2",
        "--trials", "2", "--out", dir.resolve("bad").toString()));
    assertTrue(err.toString().startsWith("error: unknown setting 'learnignRate'; did you mean 'learningRate'?"),
        err.toString());
    err.getBuffer().setLength(0);
    // --set ignores the case of keys, and so does the sweep: one setting, however spelt
    assertEquals(Cli.USAGE_ERROR, execute("sweep", "TinyExperiment", "--grid", "learningrate=0.1,0.2", "--set",
        "LearningRate=0.3", "--out", dir.resolve("bad").toString()));
    assertEquals("error: learningRate is both swept and fixed by --set learningRate=0.3; give it once",
        err.toString().strip());
    assertFalse(Files.exists(dir.resolve("bad")), "nothing is written for a refused definition");
  }

  @Test
  void aMisspeltMetricStopsTheSweepNamingTheReportedOnes() {
    assertEquals(Cli.USAGE_ERROR, execute("sweep", "TinyExperiment", "--grid", "learningRate=0.05,0.1", "--set",
        "epochs=1", "--set", "threads=1", "--parallel", "1", "--metric", "val_acc", "--out",
        dir.resolve("m").toString()));
    assertEquals("error: the sweep compares trials by val_acc, which the trials do not report; they report"
        + " train_loss, train_accuracy, val_loss, val_accuracy. Give one of those with --metric", err.toString().strip());
  }

  @Test
  void moreParallelTrialsThanCoresAreRefused() {
    int cores = Runtime.getRuntime().availableProcessors();
    assertEquals(Cli.USAGE_ERROR, execute("sweep", "TinyExperiment", "--grid", "learningRate=0.05,0.1", "--set",
        "threads=1", "--parallel", Integer.toString(cores + 1), "--out", dir.resolve("p").toString()));
    assertTrue(err.toString().contains("--parallel " + (cores + 1) + " with 1 thread(s) per trial needs " + (cores + 1)
        + " cores, but this machine has " + cores), err.toString());
  }

  private static long finishedTrials(Path sweep) throws IOException {
    try (Stream<Path> files = Files.walk(sweep.resolve("trials"))) {
      return files.filter(p -> p.getFileName().toString().equals("trial.json")).count();
    }
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Map<Path, String> contents(Path root) throws IOException {
    Map<Path, String> contents = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        contents.put(root.relativize(file), Files.size(file) + " " + Files.getLastModifiedTime(file));
      }
    }
    return contents;
  }
}
