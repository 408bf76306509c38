package dev.ortrain.cli.sweep;

/**
 * Trains one trial to its end, resuming it from its own checkpoints when an earlier run of the sweep was
 * stopped during it, and tells the monitor each epoch's metrics (stopping when asked).
 *
 * <p>A training that fails is a {@link TrialStatus#FAILED} result; only what should stop the whole sweep (a
 * {@link SweepInputException}, an {@link Error}) is thrown.
 */
@FunctionalInterface
public interface TrialRunner {
  TrialResult run(Trial trial, TrialMonitor monitor);
}
