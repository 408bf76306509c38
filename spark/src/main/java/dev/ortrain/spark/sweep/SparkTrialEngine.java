package dev.ortrain.spark.sweep;

import dev.ortrain.cli.TrialRecipe;
import dev.ortrain.cli.cluster.ClusterMaster;
import dev.ortrain.cli.sweep.LocalTrialEngine;
import dev.ortrain.cli.sweep.SweepInputException;
import dev.ortrain.cli.sweep.Trial;
import dev.ortrain.cli.sweep.TrialEngine;
import dev.ortrain.cli.sweep.TrialMonitor;
import dev.ortrain.cli.sweep.TrialResult;
import dev.ortrain.cli.sweep.TrialRunner;
import dev.ortrain.spark.SparkContexts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs each trial as a Spark job of one task, which rebuilds the trial's runner from the recipe on its executor and
 * trains the trial into its run folder under the sweep folder. Spark retries a failed or lost task (as often as the
 * master allows: {@code local[N,F]} or {@code spark.task.maxFailures}), and the retry resumes from the trial's
 * newest checkpoint, which is why the sweep folder must be one path that every executor reaches.
 *
 * <p>As many jobs run at once as the context has task slots, submitted from threads of the driver as the local
 * engine submits its trials, so that a failure leaves the trials not yet started for the next run of the sweep. The
 * monitor sees a trial's epochs when its task has ended: it checks the metric, but it cannot stop a trial, so sweeps
 * on Spark do not prune.
 */
public final class SparkTrialEngine implements TrialEngine {
  private static final TrialMonitor NEVER_STOPS = (trial, epoch, metrics) -> Optional.empty();

  private final ClusterMaster master;
  private final TrialRecipe recipe;

  public SparkTrialEngine(ClusterMaster master, TrialRecipe recipe) {
    this.master = master;
    this.recipe = recipe;
  }

  /** Runs the trials with runners rebuilt from the recipe on the executors; {@code runner} stays on the driver. */
  @Override
  public void run(List<Trial> trials, TrialRunner runner, TrialMonitor monitor, Consumer<TrialResult> finished) {
    if (trials.isEmpty()) {
      return; // a sweep that finished earlier starts no Spark
    }
    int cores = Math.max(1, recipe.threads());
    try (JavaSparkContext context = SparkContexts.open(master, "ortrain sweep " + recipe.experiment(), cores)) {
      TrialRunner onSpark = (trial, driverMonitor) -> replay(runAsJob(context, recipe, trial), driverMonitor);
      new LocalTrialEngine(SparkContexts.slots(context, cores)).run(trials, onSpark, monitor, finished);
    }
  }

  private static TrialResult runAsJob(JavaSparkContext context, TrialRecipe recipe, Trial trial) {
    context.setJobDescription("trial " + trial.id());
    try {
      return context.parallelize(List.of(trial), 1).map(t -> recipe.runner().run(t, NEVER_STOPS)).collect().get(0);
    } catch (Exception e) { // Spark throws its checked SparkException undeclared
      throw failure(trial, e);
    }
  }

  /** The task's own exception when Spark kept it (a sweep input error stops the sweep as it does locally). */
  private static RuntimeException failure(Trial trial, Exception e) {
    Throwable cause = e instanceof SparkException ? e.getCause() : null;
    if (cause instanceof SweepInputException input) {
      return input;
    }
    return new IllegalStateException("Spark gave up on trial " + trial.id() + " after its retries; run the sweep"
        + " again to resume it from its checkpoints. Spark said: " + e.getMessage(), e);
  }

  /** Shows the monitor the trial's epochs as a local trial would have, and then its end. */
  private static TrialResult replay(TrialResult result, TrialMonitor monitor) {
    List<Map<String, Double>> history = result.history();
    for (int epoch = 0; epoch < history.size(); epoch++) {
      monitor.epochEnded(result.trial(), epoch + 1, history.get(epoch));
    }
    if (!history.isEmpty()) {
      monitor.trialEnded(result.trial(), history);
    }
    return result;
  }
}
