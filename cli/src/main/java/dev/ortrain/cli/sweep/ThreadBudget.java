package dev.ortrain.cli.sweep;

import java.util.OptionalInt;

/**
 * How many trials train at once on this machine and with how many ONNX Runtime threads each: together never
 * more threads than cores, since oversubscribed cores slow every trial down.
 *
 * @param parallel trials training at once
 * @param threadsPerTrial each trial's intra-op threads
 */
public record ThreadBudget(int parallel, int threadsPerTrial) {
  /**
   * @param cores the processors available
   * @param parallel {@code --parallel}, or empty for as many trials as the cores allow
   * @param threads a fixed {@code threads} setting (0 = one per core), or empty to share the cores out
   */
  public static ThreadBudget of(int cores, OptionalInt parallel, OptionalInt threads) {
    if (parallel.isPresent() && parallel.getAsInt() < 1) {
      throw new SweepInputException("--parallel " + parallel.getAsInt() + ": give at least 1 trial at a time");
    }
    int perTrial = threads.isPresent() ? allWhenZero(threads.getAsInt(), cores)
        : Math.max(1, cores / parallel.orElse(cores));
    if (perTrial > cores) {
      throw new SweepInputException("threads=" + perTrial + " per trial is more than the " + cores + " cores of this"
          + " machine; give threads=" + cores + " or less");
    }
    int trials = parallel.orElse(cores / perTrial);
    if ((long) trials * perTrial > cores) {
      throw new SweepInputException("--parallel " + trials + " with " + perTrial + " thread(s) per trial needs "
          + (long) trials * perTrial + " cores, but this machine has " + cores + ". Give --parallel "
          + cores / perTrial + " or less" + (threads.isPresent() ? ", or fewer threads per trial" : ""));
    }
    return new ThreadBudget(trials, perTrial);
  }

  /** threads=0 means one per core, as ONNX Runtime reads it. */
  private static int allWhenZero(int threads, int cores) {
    return threads == 0 ? cores : threads;
  }
}
