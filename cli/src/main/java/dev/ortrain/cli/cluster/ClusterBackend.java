package dev.ortrain.cli.cluster;

import dev.ortrain.cli.DataParallelRecipe;
import dev.ortrain.cli.SeedRecipe;
import dev.ortrain.cli.TrialRecipe;
import dev.ortrain.cli.sweep.TrialEngine;
import dev.ortrain.loop.FitResult;
import java.util.List;

/**
 * Runs the command line's work on a cluster. The command line finds an implementation through
 * {@link java.util.ServiceLoader} ({@code ortrain-spark} registers one), so that it depends on no cluster library.
 */
public interface ClusterBackend {
  /**
   * An engine that runs each trial as a task of the cluster at {@code master}: the trial goes there as data, and the
   * task rebuilds its runner from {@code recipe}, since a runner made here cannot be sent.
   */
  TrialEngine trialEngine(ClusterMaster master, TrialRecipe recipe);

  /**
   * Trains each seed's run as a task of the cluster at {@code master}; a retried task resumes its run from its
   * checkpoints. Each task holds {@code coresPerTask} cores. Returns the results in the order of {@code seeds}.
   */
  List<FitResult> runSeeds(ClusterMaster master, List<SeedRecipe> seeds, int coresPerTask);

  /**
   * Trains one run data-parallel on the cluster at {@code master}, each worker rebuilding its trainer from
   * {@code recipe}; returns worker 0's result. With {@code resume}, every worker resumes from the newest checkpoint
   * all workers have.
   */
  FitResult trainDataParallel(ClusterMaster master, DataParallelRecipe recipe, DataParallelism parallelism,
      boolean resume);
}
