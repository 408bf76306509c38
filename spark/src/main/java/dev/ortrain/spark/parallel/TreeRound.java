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
 * @param resumed whether the run goes on in a run folder that an earlier, failed run may still hold
 */
record TreeRound(DataParallelRecipe recipe, DataParallelism parallelism, String run, int generation, int round,
    String checkpoint, Broadcast<float[]> previousMean, boolean resumed) implements Serializable {
  private static final long serialVersionUID = 1L;

  Optional<String> from() {
    return Optional.ofNullable(checkpoint);
  }

  /**
   * Whether a starting worker may find its run folder still held, and should wait for it: a later generation's
   * may start before the worker it replaces has closed, a resumed run's before the failed run's has.
   */
  boolean mayFindFolderHeld() {
    return generation > 0 || resumed;
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
