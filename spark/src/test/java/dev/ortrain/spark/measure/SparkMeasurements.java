package dev.ortrain.spark.measure;

import dev.ortrain.checkpoint.CheckpointStore;
import dev.ortrain.checkpoint.NamedTensor;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.cli.Cli;
import dev.ortrain.spark.parallel.RoundCostProbe;
import dev.ortrain.spark.parallel.RoundCostProbe.RoundCost;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The figures of docs/spark.md, one run at a time: the cost of an averaging round against the step time for the
 * examples' MLP and CNN (on Spark in local mode from whole one-epoch runs on the full training split, through the
 * barrier, the run folder and the tree, and a round's
 * work on one worker timed inside a training), and a sweep of 8 one-epoch MLP trials on Spark against the same
 * trials one after another. Run with {@code mvn -B -q -pl spark -Pspark-measurements test-compile exec:exec
 * [-Dmeasure=tree-rounds]} (one {@link Part}; all by default); it prints Markdown.
 */
public final class SparkMeasurements {
  /** Averaging every this many steps averages only at the end of the epoch. */
  private static final String NEVER_WITHIN_AN_EPOCH = "1000000";
  /** The frequent averaging whose extra rounds are timed; more often would only take longer to measure the same. */
  private static final int FREQUENT = 8;

  private final Path scratch;

  private SparkMeasurements(Path scratch) {
    this.scratch = scratch;
  }

  /** What to measure; all of them unless the arguments name some. */
  enum Part {
    /** A round on Spark in local mode against the step, from whole runs averaged often and seldom. */
    SPARK_ROUNDS,
    /** A round's work on one worker and the step, timed inside one training without Spark. */
    ROUND_WORK,
    /** A round on Spark in local mode with the states exchanged through the run folder, 2 workers. */
    FOLDER_ROUNDS,
    /** A round on Spark in local mode as a job that tree-aggregates the states ({@code --exchange tree}), 2 workers. */
    TREE_ROUNDS,
    /** A sweep of 8 trials on Spark against one trial after another. */
    SWEEP
  }

  public static void main(String[] args) throws IOException {
    List<Part> named = Stream.of(args).flatMap(arg -> Stream.of(arg.trim().split("\\s+"))).filter(arg -> !arg.isEmpty())
        .map(arg -> Part.valueOf(arg.toUpperCase(Locale.ROOT).replace('-', '_'))).toList();
    List<Part> parts = named.isEmpty() ? List.of(Part.values()) : named;
    Path scratch = Files.createTempDirectory("ortrain-spark-measurements");
    try {
      SparkMeasurements measurements = new SparkMeasurements(scratch);
      if (parts.contains(Part.SPARK_ROUNDS)) {
        measurements.sparkRounds();
      }
      if (parts.contains(Part.FOLDER_ROUNDS)) {
        measurements.exchangeRounds("run_folder");
      }
      if (parts.contains(Part.TREE_ROUNDS)) {
        measurements.exchangeRounds("tree");
      }
      if (parts.contains(Part.ROUND_WORK)) {
        measurements.roundWork();
      }
      if (parts.contains(Part.SWEEP)) {
        measurements.sweeps();
      }
    } finally {
      delete(scratch);
    }
  }

  private void sparkRounds() {
    System.out.println("| model | state (floats) | workers | steps per epoch | step (ms) | round (ms) | round / step"
        + " |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String model : List.of("FashionMnistMlp", "FashionMnistCnn")) {
      averagingRound(model);
    }
    System.out.println();
  }

  /**
   * As {@link #averagingRound} for 2 workers, the states going through {@code exchange} ({@code run_folder} or
   * {@code tree}) instead of the barrier, and averaged every step: its rounds are short enough that fewer would drown
   * in the noise of whole runs.
   */
  private void exchangeRounds(String exchange) {
    System.out.println("| model | workers | exchange | round (ms) |");
    System.out.println("|---|---|---|---|");
    for (String model : List.of("FashionMnistMlp", "FashionMnistCnn")) {
      double oneEpoch = dataParallel(model, 2, NEVER_WITHIN_AN_EPOCH, 1, "--exchange", exchange);
      double everyStep = dataParallel(model, 2, "1", 1, "--exchange", exchange);
      int rounds = stepsPerEpoch(2);
      System.out.printf(Locale.ROOT, "| %s | 2 | %s | %.1f |%n", model, exchange, (everyStep - oneEpoch)
          / (rounds - 1) * 1e3);
    }
    System.out.println();
  }

  private void roundWork() {
    System.out.println("| model | state (floats) | step (ms) | round's work on one worker (ms) | round / step |");
    System.out.println("|---|---|---|---|---|");
    for (String model : List.of("FashionMnistMlp", "FashionMnistCnn")) {
      RoundCost cost = RoundCostProbe.measure(model, 120, run());
      System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.1f | %.1f |%n", model, cost.stateFloats(),
          cost.stepSeconds() * 1e3, cost.roundSeconds() * 1e3, cost.roundSeconds() / cost.stepSeconds());
    }
    System.out.println();
  }

  /**
   * The step time from the difference of a two- and a one-epoch run averaged only at epoch ends, the round's cost
   * from the difference of one epoch averaged every {@value #FREQUENT} steps and only at its end; for 2 workers and
   * for 1 (whose rounds cost the snapshot and the session reopened, with no peer to wait for or to receive from).
   */
  private void averagingRound(String model) {
    for (int workers : new int[] {2, 1}) {
      double oneEpoch = dataParallel(model, workers, NEVER_WITHIN_AN_EPOCH, 1);
      long floats = stateFloats();
      int steps = stepsPerEpoch(workers);
      double step = workers == 2 ? (dataParallel(model, workers, NEVER_WITHIN_AN_EPOCH, 2) - oneEpoch) / steps
          : Double.NaN;
      double frequent = dataParallel(model, workers, Integer.toString(FREQUENT), 1);
      int rounds = steps / FREQUENT + (steps % FREQUENT == 0 ? 0 : 1);
      double round = (frequent - oneEpoch) / (rounds - 1);
      System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %s | %.1f | %s |%n", model, floats, workers, steps,
          Double.isNaN(step) ? "-" : String.format(Locale.ROOT, "%.2f", step * 1e3), round * 1e3,
          Double.isNaN(step) ? "-" : String.format(Locale.ROOT, "%.1f", round / step));
    }
  }

  /** Seconds of one {@code run --spark}, Spark's start included. */
  private double dataParallel(String model, int workers, String averageEvery, int epochs, String... more) {
    List<String> args = List.of("run", model, "--spark", "local[2]", "--workers", Integer.toString(workers),
        "--average-every", averageEvery, "--set", "epochs=" + epochs, "--set", "threads=1", "--set", "batchSize=64",
        "--no-record", "curves", "--no-record", "tensorboard", "--out", run().toString());
    return seconds(with(args, more));
  }

  private static int stepsPerEpoch(int workers) {
    int train = 55_000; // the full training split less the 5,000 validation images the examples hold out
    return train / (workers * 64);
  }

  private Path last;

  private Path run() {
    last = scratch.resolve("run-" + System.nanoTime());
    return last;
  }

  /** The parameters and optimizer moments of the last run, in floats: what one worker sends per round. */
  private long stateFloats() {
    List<Path> checkpoints = new CheckpointStore(last.resolve("checkpoints")).list();
    OrtCheckpoint checkpoint = OrtCheckpoint.read(checkpoints.get(checkpoints.size() - 1).resolve("model.ckpt"));
    long floats = checkpoint.trainable().stream().mapToLong(NamedTensor::elementCount).sum();
    floats += checkpoint.optimizer().map(state -> state.momentsByParameter().values().stream()
        .flatMap(List::stream).mapToLong(NamedTensor::elementCount).sum()).orElse(0L);
    return floats;
  }

  /**
   * 8 one-epoch MLP trials: one after another on both cores, two at a time on Spark, two at a time locally; the
   * three in turn twice, the second turn reported, so that none of them pays for the JVM's warm-up alone.
   */
  private void sweeps() {
    List<String> trials = List.of("sweep", "FashionMnistMlp", "--grid", "learningRate=1e-3,2e-3,3e-3,4e-3",
        "--seeds", "2", "--set", "epochs=1", "--no-record", "curves", "--no-record", "tensorboard");
    double[] seconds = new double[3];
    for (int turn = 0; turn < 2; turn++) {
      seconds[0] = seconds(with(trials, "--parallel", "1", "--set", "threads=2", "--out", run().toString()));
      seconds[1] = seconds(with(trials, "--spark", "local[2]", "--set", "threads=1", "--out", run().toString()));
      seconds[2] = seconds(with(trials, "--parallel", "2", "--set", "threads=1", "--out", run().toString()));
    }
    System.out.println("| sweep of 8 one-epoch MLP trials | wall (s) | speed-up against one after another |");
    System.out.println("|---|---|---|");
    System.out.printf(Locale.ROOT, "| one after another, 2 threads each | %.1f | 1.00 |%n", seconds[0]);
    System.out.printf(Locale.ROOT, "| Spark local[2], 1 thread each | %.1f | %.2f |%n", seconds[1],
        seconds[0] / seconds[1]);
    System.out.printf(Locale.ROOT, "| this machine, --parallel 2, 1 thread each | %.1f | %.2f |%n", seconds[2],
        seconds[0] / seconds[2]);
  }

  private static String[] with(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private static double seconds(String... args) {
    StringWriter err = new StringWriter();
    long start = System.nanoTime();
    int code = Cli.execute(args, new PrintWriter(PrintWriter.nullWriter()), new PrintWriter(err, true));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (code != 0) {
      throw new IllegalStateException(String.join(" ", args) + " failed: " + err);
    }
    return seconds;
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
