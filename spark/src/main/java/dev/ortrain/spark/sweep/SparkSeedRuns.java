package dev.ortrain.spark.sweep;

import dev.ortrain.cli.SeedRecipe;
import dev.ortrain.cli.cluster.ClusterMaster;
import dev.ortrain.loop.FitResult;
import dev.ortrain.spark.SparkContexts;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code run --seeds} on Spark: one job whose tasks each train one seed's run into its folder. A retried task (a
 * failed attempt, a lost executor) resumes its run from the checkpoints the lost attempt wrote.
 */
public final class SparkSeedRuns {
  private final ClusterMaster master;

  public SparkSeedRuns(ClusterMaster master) {
    this.master = master;
  }

  public List<FitResult> run(List<SeedRecipe> seeds, int coresPerTask) {
    try (JavaSparkContext context = SparkContexts.open(master, "ortrain seeds " + seeds.get(0).experiment(),
        coresPerTask)) {
      return context.parallelize(seeds, seeds.size())
          .map(seed -> seed.train(TaskContext.get().attemptNumber() > 0)).collect();
    }
  }
}
