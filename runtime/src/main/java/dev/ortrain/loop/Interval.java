package dev.ortrain.loop;

/** The unit a frequency counts in. */
public enum Interval {
  /** Optimizer steps (one step = one window of accumulated micro-batches). */
  STEP,
  /** Passes over the training data. */
  EPOCH
}
