package dev.ortrain.spark.parallel;

import dev.ortrain.cli.DataParallelRecipe;
import dev.ortrain.cli.cluster.DataParallelism;
import dev.ortrain.loop.FitResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;

/**
 * Trains one run data-parallel as one Spark job per averaging round ({@code --exchange tree}): each job has one task
 * per worker, which hands the worker parked in its executor the previous round's mean and returns the worker's state
 * at the next averaging point; the job tree-aggregates the states, and the driver averages them in worker order and
 * broadcasts the mean to the next job. Each worker's trainer and session stay open in its executor between jobs, and
 * each task is sent to the executor its worker is parked in.
 *
 * <p>A task that finds no live worker (its executor was lost, or its earlier attempt failed) reports it lost; every
 * worker then restarts from the newest checkpoint all of them have, as a new generation, once the parked ones have
 * closed. Spark's {@code spark.stage.maxConsecutiveAttempts} bounds the generations that start from the same
 * checkpoint, as it bounds the retries of a barrier stage.
 */
final class TreeAggregation {
  private static final String MAX_ATTEMPTS = "spark.stage.maxConsecutiveAttempts";
  private static final int DEFAULT_MAX_ATTEMPTS = 4;

  private final JavaSparkContext context;
  private final DataParallelRecipe recipe;
  private final DataParallelism parallelism;
  private final String run = UUID.randomUUID().toString();

  TreeAggregation(JavaSparkContext context, DataParallelRecipe recipe, DataParallelism parallelism) {
    this.context = context;
    this.recipe = recipe;
    this.parallelism = parallelism;
  }

  /** Worker 0's result, whose run folder is the run's. */
  FitResult train(boolean resume) {
    Generation generation = new Generation(0,
        resume ? CommonCheckpoint.newest(recipe, parallelism.workers()) : Optional.empty(), 1);
    try {
      Optional<FitResult> end;
      while ((end = rounds(generation, resume)).isEmpty()) {
        supersede(generation.number());
        generation = after(generation);
      }
      return end.get();
    } catch (Exception e) { // Spark's own SparkException is checked, though Scala does not declare it
      // the workers still parked would otherwise keep their sessions and run folders until their executors end
      try {
        supersede(generation.number());
      } catch (UncheckedIOException notMarked) {
        e.addSuppressed(notMarked);
      }
      throw e;
    }
  }

  /**
   * A generation of workers, started from a common checkpoint (or the beginning).
   *
   * @param attemptsFromThere how many generations in a row, this one included, started from {@code from}
   */
  private record Generation(int number, Optional<String> from, int attemptsFromThere) {}

  /** The generation's rounds: worker 0's result once training ends, or empty once a round finds a worker lost. */
  private Optional<FitResult> rounds(Generation generation, boolean resume) {
    Broadcast<float[]> mean = null;
    Map<Integer, String> locations = Map.of();
    for (int round = 0; ; round++) {
      TreeRound spec = new TreeRound(recipe, parallelism, run, generation.number(), round,
          generation.from().orElse(null), mean, resume);
      RoundReports reports = placed(locations).map(new RoundTask(spec))
          .treeAggregate(new RoundReports(), new Add(), new Merge());
      if (mean != null) {
        mean.unpersist(false);
      }
      if (!reports.lost().isEmpty()) {
        return Optional.empty();
      }
      Optional<FitResult> end = reports.end(parallelism.workers());
      if (end.isPresent()) {
        return end;
      }
      mean = context.broadcast(reports.mean());
      locations = reports.locations();
    }
  }

  /** The generation that replaces {@code lost}, from the newest checkpoint every worker has. */
  private Generation after(Generation lost) {
    Optional<String> common = CommonCheckpoint.newest(recipe, parallelism.workers());
    int attempts = common.equals(lost.from()) ? lost.attemptsFromThere() + 1 : 1;
    int allowed = context.getConf().getInt(MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS);
    if (attempts > allowed) {
      throw new IllegalStateException("Workers were lost in " + allowed + " generations in a row that all started"
          + " from " + common.map(name -> "checkpoint " + name).orElse("the beginning") + ": giving up (see the"
          + " executors' logs for why; " + MAX_ATTEMPTS + " sets how many tries a checkpoint gets)");
    }
    return new Generation(lost.number() + 1, common, attempts);
  }

  /** One element per worker, each in its own partition, preferring the executor the worker is parked in. */
  private JavaRDD<Integer> placed(Map<Integer, String> locations) {
    List<Tuple2<Integer, Seq<String>>> workers = IntStream.range(0, parallelism.workers())
        .mapToObj(worker -> new Tuple2<>(worker,
            CollectionConverters.asScala(Optional.ofNullable(locations.get(worker)).stream().toList()).toSeq()))
        .toList();
    return context.sc().makeRDD(CollectionConverters.asScala(workers).toSeq(), ClassTag$.MODULE$.apply(Integer.class))
        .toJavaRDD();
  }

  /** Marks {@code generation} superseded, so that its parked workers close and let go of their run folders. */
  private void supersede(int generation) {
    Path marker = TreeRound.supersededMarker(recipe, run, generation);
    try {
      Files.createDirectories(marker.getParent());
      Files.write(marker, new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot mark the parked workers of generation " + generation + " to close ("
          + marker + "): check that the run folder is writable", e);
    }
  }

  /** Adds a task's report to its partition's aggregate. */
  private static final class Add implements Function2<RoundReports, RoundReport, RoundReports> {
    private static final long serialVersionUID = 1L;

    @Override
    public RoundReports call(RoundReports reports, RoundReport report) {
      return reports.add(report);
    }
  }

  /** Merges two partial aggregates. */
  private static final class Merge implements Function2<RoundReports, RoundReports, RoundReports> {
    private static final long serialVersionUID = 1L;

    @Override
    public RoundReports call(RoundReports some, RoundReports others) {
      return some.merge(others);
    }
  }
}
