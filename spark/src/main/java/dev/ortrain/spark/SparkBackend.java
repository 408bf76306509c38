package dev.ortrain.spark;

import dev.ortrain.cli.DataParallelRecipe;
import dev.ortrain.cli.SeedRecipe;
import dev.ortrain.cli.TrialRecipe;
import dev.ortrain.cli.cluster.ClusterBackend;
import dev.ortrain.cli.cluster.ClusterMaster;
import dev.ortrain.cli.cluster.DataParallelism;
import dev.ortrain.cli.sweep.TrialEngine;
import dev.ortrain.loop.FitResult;
import dev.ortrain.spark.parallel.DataParallelTraining;
import dev.ortrain.spark.sweep.SparkSeedRuns;
import dev.ortrain.spark.sweep.SparkTrialEngine;
import java.util.List;

/**
 * The command line's {@code --spark}: found by the command line through {@code META-INF/services}, so that only a
 * project with this module on its class path depends on Spark.
 */
public final class SparkBackend implements ClusterBackend {
  @Override
  public TrialEngine trialEngine(ClusterMaster master, TrialRecipe recipe) {
    return new SparkTrialEngine(master, recipe);
  }

  @Override
  public List<FitResult> runSeeds(ClusterMaster master, List<SeedRecipe> seeds, int coresPerTask) {
    return new SparkSeedRuns(master).run(seeds, coresPerTask);
  }

  @Override
  public FitResult trainDataParallel(ClusterMaster master, DataParallelRecipe recipe, DataParallelism parallelism,
      boolean resume) {
    return new DataParallelTraining(master).train(recipe, parallelism, resume);
  }
}
