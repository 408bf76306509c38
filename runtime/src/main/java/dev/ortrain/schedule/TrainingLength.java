package dev.ortrain.schedule;

import dev.ortrain.rules.ConfigRules;

/**
 * How long a run is, to check schedules against it before training starts.
 *
 * @param epochs passes over the training data
 * @param stepsPerEpoch optimizer steps per epoch (batches divided by accumulation steps, rounded up)
 */
public record TrainingLength(int epochs, long stepsPerEpoch) {
  public TrainingLength {
    ConfigRules.EPOCHS.requireInt(epochs);
    if (stepsPerEpoch < 1) {
      throw new IllegalArgumentException("stepsPerEpoch must be >= 1, got " + stepsPerEpoch);
    }
  }

  /** The run's length in ticks of {@code interval}. */
  public long ticks(Interval interval) {
    return interval == Interval.STEP ? Math.multiplyExact(epochs, stepsPerEpoch) : epochs;
  }
}
