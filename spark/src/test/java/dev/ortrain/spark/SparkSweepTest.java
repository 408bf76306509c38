package dev.ortrain.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.cli.Cli;
import dev.ortrain.spark.FirstAttemptLostExperiment.Start;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps through the command line's --spark in Spark's local mode, against the same sweeps on this machine. */
class SparkSweepTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(List<String> args) {
    return Cli.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** Two learning rates, two seeds each: four trials of three epochs with one thread each. */
  private static List<String> fourTrials(String experiment, Path folder, String... more) {
    List<String> args = new ArrayList<>(List.of("sweep", experiment, "--grid", "learningRate=0.05,0.2", "--seeds",
        "2", "--set", "epochs=3", "--set", "threads=1", "--out", folder.toString()));
    args.addAll(List.of(more));
    return args;
  }

  /** Every file a trial wrote that its numbers are in, by path below the sweep folder. */
  private static Map<String, String> numbers(Path sweep) throws IOException {
    try (Stream<Path> files = Files.walk(sweep)) {
      Map<String, String> found = new TreeMap<>();
      for (Path file : files.filter(f -> f.getFileName().toString().matches("results\\.csv|metrics\\.csv|best\\.json"))
          .toList()) {
        found.put(sweep.relativize(file).toString(), Files.readString(file));
      }
      return found;
    }
  }

  @Test
  void aSweepOfFourTrialsOnSparkEqualsTheSameSweepOnThisMachine() throws IOException {
    Path local = dir.resolve("local");
    assertEquals(0, execute(fourTrials("TinySparkExperiment", local, "--parallel", "2")), err.toString());
    Path spark = dir.resolve("spark");
    assertEquals(0, execute(fourTrials("TinySparkExperiment", spark, "--spark", "local[2]")), err.toString());

    Map<String, String> expected = numbers(local);
    assertEquals(1 + 4 + 1, expected.size(), expected.keySet().toString()); // results, 4 trials' metrics, best
    assertEquals(expected, numbers(spark));
    assertTrue(out.toString().contains("on Spark at local[2], one trial per task, 1 thread(s) each"), out.toString());
  }

  @Test
  void aTaskLostMidTrialIsRetriedFromItsCheckpointAndTheResultsAreUnchanged() throws IOException {
    Path local = dir.resolve("local");
    assertEquals(0, execute(fourTrials("FirstAttemptLostExperiment", local, "--parallel", "2")), err.toString());
    FirstAttemptLostExperiment.STARTS.clear();
    Path spark = dir.resolve("spark");
    // local[2,2]: two cores, and each task may fail once before Spark gives up on it
    assertEquals(0, execute(fourTrials("FirstAttemptLostExperiment", spark, "--spark", "local[2,2]")), err.toString());

    assertEquals(numbers(local), numbers(spark));
    List<Start> starts = List.copyOf(FirstAttemptLostExperiment.STARTS);
    assertEquals(8, starts.size(), starts.toString());
    // each trial started at its first epoch, was lost in its second, and its retry resumed at its second
    assertEquals(4, starts.stream().filter(s -> s.attempt() == 0 && s.epoch() == 0).count(), starts.toString());
    assertEquals(4, starts.stream().filter(s -> s.attempt() == 1 && s.epoch() == 1).count(), starts.toString());
  }

  @Test
  void aTrialSparkGivesUpOnStopsTheSweepWhichResumesWhenRunAgain() throws IOException {
    Path local = dir.resolve("local");
    assertEquals(0, execute(fourTrials("FirstAttemptLostExperiment", local, "--parallel", "2")), err.toString());
    Path spark = dir.resolve("spark");
    // local[1]: one core, and no retry
    assertEquals(1, execute(fourTrials("FirstAttemptLostExperiment", spark, "--spark", "local[1]")));
    assertTrue(err.toString().contains("Spark gave up on trial config-001/seed-1 after its retries; run the sweep"
        + " again to resume it from its checkpoints"), err.toString());

    assertEquals(0, execute(fourTrials("FirstAttemptLostExperiment", spark, "--spark", "local[2,2]")), err.toString());
    assertEquals(numbers(local), numbers(spark));
  }

  @Test
  void seedsOnSparkWithALostFirstAttemptEachEqualTheSeedsRunHere() throws IOException {
    List<String> seeds = List.of("run", "FirstAttemptLostExperiment", "--seeds", "2", "--set", "threads=1",
        "--no-record", "console", "--out");
    Path local = dir.resolve("local");
    assertEquals(0, execute(concat(seeds, local.toString())), err.toString());
    Path spark = dir.resolve("spark");
    assertEquals(0, execute(concat(seeds, spark.toString(), "--spark", "local[2,2]")), err.toString());
    // each seed's retry resumed in its second epoch, from the checkpoint its lost attempt wrote
    List<Start> retries = FirstAttemptLostExperiment.STARTS.stream()
        .filter(s -> s.runDirectory().startsWith(spark.toString()) && s.attempt() == 1).toList();
    assertEquals(2, retries.size(), retries.toString());
    assertTrue(retries.stream().allMatch(s -> s.epoch() == 1), retries.toString());

    assertTrue(out.toString().contains("2 seed(s) on Spark at local[2,2], one run per task, 1 thread(s) each"),
        out.toString());
    for (String file : List.of("seeds-summary.csv", "seed-1/metrics.csv", "seed-2/metrics.csv")) {
      assertEquals(Files.readString(local.resolve(file)), Files.readString(spark.resolve(file)), file);
    }
  }

  private static List<String> concat(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all;
  }

  @Test
  void aMasterOtherThanSparkSubmitsIsRefusedWithTheFix() {
    System.setProperty("spark.master", "local[1]"); // as spark-submit --master local[1] sets it
    try {
      assertEquals(1, execute(fourTrials("TinySparkExperiment", dir, "--spark", "local[2]")));
    } finally {
      System.clearProperty("spark.master");
    }
    assertTrue(err.toString().contains("--spark local[2] differs from the master spark-submit was given (local[1]):"
        + " give --spark local[1], or submit to local[2]"), err.toString());
  }

  @Test
  void pruningAndParallelTrialsAreRefusedOnSparkWithTheFix() {
    assertEquals(2, execute(fourTrials("TinySparkExperiment", dir, "--spark", "local[2]", "--prune", "median")));
    assertTrue(err.toString().contains("--prune median stops trials while they train, but a trial on Spark reports"
        + " its epochs when its task ends: drop --prune, or --spark to sweep on this machine"), err.toString());
    assertEquals(2, execute(fourTrials("TinySparkExperiment", dir, "--spark", "local[2]", "--parallel", "2")));
    assertTrue(err.toString().contains("on Spark the executors' cores decide: drop --parallel"), err.toString());
    assertEquals(2, execute(fourTrials("TinySparkExperiment", dir, "--spark", " ")));
    assertTrue(err.toString().contains("--spark needs a master: local[N]"), err.toString());
  }
}
