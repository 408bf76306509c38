package dev.ortrain.cli.cluster;

import dev.ortrain.cli.TrialRecipe;
import dev.ortrain.cli.sweep.TrialEngine;

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
}
