package dev.ortrain.annotations;

/** What training does when a loss or gradient norm is NaN or infinite. */
public enum NanAction {
  /** Stop with an error naming the epoch, step and batch. */
  FAIL,
  /** Drop the step's gradients, count it, warn and go on (up to {@link Trainer#maxSkippedSteps()}). */
  SKIP
}
