package dev.ortrain.callbacks;

/**
 * What the training batches seen since a start point (an epoch's start, a resume, the last log line) add up
 * to: batches, samples, mean loss per sample and elapsed time. Batches with a non-finite loss count as seen
 * but stay out of the mean, as they stay out of the trainer's {@code train_loss}.
 */
final class EpochTally {
  private long startNanos;
  private int batches;
  private long samples;
  private double weightedLoss;
  private long lossSamples;

  void restart(long nowNanos) {
    startNanos = nowNanos;
    batches = 0;
    samples = 0;
    weightedLoss = 0;
    lossSamples = 0;
  }

  void add(BatchOutcome outcome) {
    batches++;
    samples += outcome.size();
    if (!outcome.skipped()) {
      weightedLoss += (double) outcome.loss() * outcome.size();
      lossSamples += outcome.size();
    }
  }

  int batches() {
    return batches;
  }

  /** Mean loss per sample, NaN before the first finite batch. */
  double meanLoss() {
    return lossSamples == 0 ? Double.NaN : weightedLoss / lossSamples;
  }

  double seconds(long nowNanos) {
    return (nowNanos - startNanos) / 1e9;
  }

  /** Samples per second of wall time since the start point, NaN before any time has passed. */
  double samplesPerSecond(long nowNanos) {
    double seconds = seconds(nowNanos);
    return seconds > 0 ? samples / seconds : Double.NaN;
  }
}
