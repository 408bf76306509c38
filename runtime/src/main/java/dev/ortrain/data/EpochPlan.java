package dev.ortrain.data;

/**
 * How an epoch of {@code samples} samples is cut into batches: full batches of {@code batchSize} from the
 * epoch's start (or resume position), then a final partial batch unless {@code dropLast}.
 */
record EpochPlan(int samples, int batchSize, boolean dropLast) {

  /** Size of the batch starting at {@code position}; 0 when the epoch has no batch left there. */
  int batchSizeAt(int position) {
    int remaining = samples - position;
    if (remaining >= batchSize) {
      return batchSize;
    }
    return dropLast || remaining <= 0 ? 0 : remaining;
  }

  /** Batches from {@code position} to the end of the epoch. */
  int batchesFrom(int position) {
    int remaining = Math.max(0, samples - position);
    return remaining / batchSize + (!dropLast && remaining % batchSize > 0 ? 1 : 0);
  }

  /** A position from which nothing is left starts the next epoch. */
  boolean epochEndsAt(int position) {
    return batchSizeAt(position) == 0;
  }
}
