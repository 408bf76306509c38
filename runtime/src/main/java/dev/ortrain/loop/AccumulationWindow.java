package dev.ortrain.loop;

/**
 * The micro-batches one optimizer step accumulates: {@code size} of them from batch {@code first} of an epoch.
 * See {@link AccumulationWindows} for how an epoch is cut into windows.
 */
record AccumulationWindow(int first, int size) {
  /** The factor of each micro-batch's loss: the step's gradient is the mean over the batches it really has. */
  float lossScale() {
    return 1f / size;
  }

  /** Whether micro-batch {@code batchInEpoch} is this window's last, where the optimizer steps. */
  boolean endsWith(int batchInEpoch) {
    return batchInEpoch == first + size - 1;
  }
}
