package dev.ortrain.loop;

import dev.ortrain.rules.ConfigRules;
import dev.ortrain.schedule.Interval;

/**
 * When and how much to validate.
 *
 * @param every run validation every this many {@code unit}s
 * @param unit epochs or optimizer steps
 * @param limitBatches run only the first N validation batches (0 = all)
 * @param fraction run only this fraction of the validation batches (1 = all); applied after limitBatches
 */
public record ValidationConfig(int every, Interval unit, int limitBatches, double fraction) {
  public ValidationConfig {
    ConfigRules.EVERY.requireInt(every);
    ConfigRules.VALIDATION_BATCHES.requireInt(limitBatches);
    ConfigRules.VALIDATION_FRACTION.require(fraction);
  }

  /** Validate after every epoch on all batches. */
  public static ValidationConfig everyEpoch() {
    return new ValidationConfig(1, Interval.EPOCH, 0, 1.0);
  }

  /** How many of {@code available} validation batches one validation runs (at least one). */
  public int batchesToRun(int available) {
    int n = limitBatches > 0 ? Math.min(limitBatches, available) : available;
    return Math.max(available == 0 ? 0 : 1, (int) Math.ceil(n * fraction));
  }
}
