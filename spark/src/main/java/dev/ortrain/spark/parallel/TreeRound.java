package dev.ortrain.spark.parallel;

import dev.ortrain.cli.DataParallelRecipe;
import dev.ortrain.cli.cluster.DataParallelism;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.broadcast.Broadcast;

/**
 * What each task of one round of a tree-aggregated run gets: which run, generation and round it is, where a new
 * generation's workers start, and the mean that answers the previous round.
 *
 * @param run the driver's name for this run, unique to one {@code train} call
 * @param generation how many times every worker restarted from a common checkpoint after one was lost
 * @param round the round in this generation, from 0; round 0 starts the workers
 * @param checkpoint the common checkpoint this generation's workers resume from, or null to start from the beginning
 * @param previousMean the mean of round {@code round - 1}; null in round 0
 */
record TreeRound(DataParallelRecipe recipe, DataParallelism parallelism, String run, int generation, int round,
    String checkpoint, Broadcast<float[]> previousMean) implements Serializable {
  private static final long serialVersionUID = 1L;

  Optional<String> from() {
    return Optional.ofNullable(checkpoint);
  }

  /** A worker of a later generation may start before the one it replaces has let go of the run folder. */
  boolean replacesWorkers() {
    return generation > 0;
  }

  /** The file whose existence tells this generation's parked workers to close. */
  Path supersededMarker() {
    return supersededMarker(recipe, run, generation);
  }

  static Path supersededMarker(DataParallelRecipe recipe, String run, int generation) {
    return recipe.workerFolder(0).resolve(DataParallelTraining.EXCHANGE).resolve("tree-" + run)
        .resolve("superseded-" + generation);
  }
}
