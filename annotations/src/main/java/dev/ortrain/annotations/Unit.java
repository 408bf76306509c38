package dev.ortrain.annotations;

/** What a frequency or schedule length counts. */
public enum Unit {
  /** Optimizer steps (not micro-batches when gradients are accumulated). */
  STEP,
  /** Passes over the training data. */
  EPOCH
}
