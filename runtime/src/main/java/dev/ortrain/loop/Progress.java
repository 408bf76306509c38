package dev.ortrain.loop;

/**
 * Where a run stands, changed only by named transitions: a micro-batch done, an optimizer step done or
 * skipped, the epoch's end recorded, the epoch done; or restored from a checkpoint.
 *
 * @param epoch the current epoch, from 0
 * @param batchInEpoch micro-batches done in the current epoch
 * @param globalStep optimizer steps done
 * @param skippedSteps optimizer steps skipped for a non-finite loss or gradient
 * @param endRecorded whether the current epoch's end (metrics row, validation, learning-rate tick) is recorded:
 *     from then until the next epoch begins, a checkpoint resumes at the next epoch
 */
record Progress(int epoch, int batchInEpoch, long globalStep, long skippedSteps, boolean endRecorded) {
  static Progress start() {
    return new Progress(0, 0, 0, 0, false);
  }

  /** The position a checkpoint saved (checkpoints are written only where {@link #resumePoint()} stands). */
  static Progress restoredFrom(ResumeState state) {
    return new Progress(state.epoch(), state.batchInEpoch(), state.globalStep(), state.skippedSteps(), false);
  }

  boolean atEpochStart() {
    return batchInEpoch == 0;
  }

  Progress batchDone() {
    return new Progress(epoch, batchInEpoch + 1, globalStep, skippedSteps, endRecorded);
  }

  Progress stepDone() {
    return new Progress(epoch, batchInEpoch, globalStep + 1, skippedSteps, endRecorded);
  }

  Progress stepSkipped() {
    return new Progress(epoch, batchInEpoch, globalStep, skippedSteps + 1, endRecorded);
  }

  Progress epochEndRecorded() {
    return new Progress(epoch, batchInEpoch, globalStep, skippedSteps, true);
  }

  Progress epochDone() {
    return new Progress(epoch + 1, 0, globalStep, skippedSteps, false);
  }

  /**
   * Where a checkpoint written now resumes: the next epoch's start once this epoch's end is recorded (so it is
   * not recorded twice), else right here.
   */
  Progress resumePoint() {
    return endRecorded ? epochDone() : this;
  }
}
