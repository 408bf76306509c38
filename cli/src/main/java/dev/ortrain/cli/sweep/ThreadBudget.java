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
   * @param threads a fixed {@code threads} setting, or empty to share the cores out
   */
  public static ThreadBudget of(int cores, OptionalInt parallel, OptionalInt threads) {
    if (threads.isPresent() && threads.getAsInt() == 0) {
      throw new SweepInputException("threads=0 gives each trial one thread per core (" + cores + "), which leaves"
          + " no core for a second trial; leave threads out (the sweep shares the cores among its trials) or give"
          + " a count");
    }
    if (parallel.isPresent() && parallel.getAsInt() < 1) {
      throw new SweepInputException("--parallel " + parallel.getAsInt() + ": give at least 1 trial at a time");
    }
    if (parallel.isEmpty()) {
      int perTrial = threads.orElse(1);
      return new ThreadBudget(Math.max(1, cores / perTrial), perTrial);
    }
    int trials = parallel.getAsInt();
    int perTrial = threads.orElse(Math.max(1, cores / trials));
    if ((long) trials * perTrial > cores) {
      throw new SweepInputException("--parallel " + trials + " with " + perTrial + " thread(s) per trial needs "
          + (long) trials * perTrial + " cores, but this machine has " + cores + ". Give --parallel "
          + Math.max(1, cores / perTrial) + " or less" + (threads.isPresent() ? ", or fewer threads per trial" : ""));
    }
    return new ThreadBudget(trials, perTrial);
  }
}
