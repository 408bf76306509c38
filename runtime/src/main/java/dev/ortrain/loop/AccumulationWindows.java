package dev.ortrain.loop;

/**
 * An epoch's micro-batches cut into accumulation windows of {@code accumulationSteps}; windows restart at each
 * epoch, so the last one may be shorter.
 */
final class AccumulationWindows {
  private final int accumulationSteps;
  private final int batchesPerEpoch;

  AccumulationWindows(int accumulationSteps, int batchesPerEpoch) {
    this.accumulationSteps = accumulationSteps;
    this.batchesPerEpoch = batchesPerEpoch;
  }

  int accumulationSteps() {
    return accumulationSteps;
  }

  /** Optimizer steps an epoch makes. */
  int perEpoch() {
    return (batchesPerEpoch + accumulationSteps - 1) / accumulationSteps;
  }

  AccumulationWindow containing(int batchInEpoch) {
    int first = (batchInEpoch / accumulationSteps) * accumulationSteps;
    return new AccumulationWindow(first, Math.min(accumulationSteps, batchesPerEpoch - first));
  }

  /** Whether {@code batchesDone} micro-batches end a window (or the epoch), where no gradient is pending. */
  boolean betweenWindows(int batchesDone) {
    return batchesDone == batchesPerEpoch || batchesDone % accumulationSteps == 0;
  }
}
