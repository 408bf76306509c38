package dev.ortrain.data;

/** Where a stream of batches stands: the epoch and the number of its samples already batched. */
final class Cursor {
  private final EpochPlan plan;
  private int epoch;
  private int position;

  Cursor(EpochPlan plan) {
    this.plan = plan;
  }

  int epoch() {
    return epoch;
  }

  int position() {
    return position;
  }

  void moveTo(int newEpoch, int newPosition) {
    epoch = newEpoch;
    position = newPosition;
    skipEmptyTail();
  }

  /** Size of the next batch (never 0: an exhausted epoch has already rolled over). */
  int nextBatchSize() {
    return plan.batchSizeAt(position);
  }

  void advance(int batchSize) {
    position += batchSize;
    skipEmptyTail();
  }

  // The state after an epoch's last batch reads (epoch + 1, 0), so a checkpoint taken there resumes cleanly.
  private void skipEmptyTail() {
    if (plan.epochEndsAt(position)) {
      epoch++;
      position = 0;
    }
  }
}
