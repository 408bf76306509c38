package dev.ortrain.cli.sweep;

/** How a trial ended. */
public enum TrialStatus {
  /** Trained all its epochs, or stopped by the experiment's own rules (early stopping). */
  COMPLETED,
  /** Stopped by the sweep's pruning rule. */
  PRUNED,
  /** Could not train: the configuration was refused, or training failed; the note says why. */
  FAILED
}
