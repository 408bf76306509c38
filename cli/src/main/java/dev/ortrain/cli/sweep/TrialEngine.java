package dev.ortrain.cli.sweep;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where a sweep's trials run: threads of this machine ({@link LocalTrialEngine}) or, later, a cluster. The sweep's
 * definition, expansion, resumption and results are the same whichever engine runs the trials.
 */
public interface TrialEngine {
  /**
   * Runs each trial once with the runner, and hands each result to {@code finished} on the calling thread as it
   * comes; returns when every trial has finished.
   *
   * <p>When a runner throws, the trials not yet started are left for the next run of the sweep, those running
   * still have their results handed on as they finish, and then the first exception is thrown.
   */
  void run(List<Trial> trials, TrialRunner runner, TrialMonitor monitor, Consumer<TrialResult> finished);
}
