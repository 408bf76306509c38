package dev.ortrain.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The epoch summary the loggers print: the loss weighted by batch size, skipped steps left out of it. */
class EpochTallyTest {
  private static BatchOutcome batch(float loss, int size, boolean skipped) {
    return new BatchOutcome(loss, 1f, size, true, skipped, 0.01);
  }

  @Test
  void theMeanLossWeighsEachBatchBySizeAndLeavesSkippedStepsOut() {
    EpochTally tally = new EpochTally();
    tally.restart(0);
    tally.add(batch(1f, 16, false));
    tally.add(batch(4f, 8, false));
    tally.add(batch(Float.NaN, 16, true));
    assertEquals(2.0, tally.meanLoss(), 1e-12, "(16 * 1 + 8 * 4) / 24; the skipped NaN is not averaged in");
    assertEquals(3, tally.batches(), "a skipped batch still ran");
    assertEquals(40 / 2.0, tally.samplesPerSecond(2_000_000_000L), 1e-9, "skipped samples were read too");
    assertEquals(2.0, tally.seconds(2_000_000_000L));
  }

  @Test
  void anEpochOfOnlySkippedStepsHasNoMeanLoss() {
    EpochTally tally = new EpochTally();
    tally.restart(5);
    tally.add(batch(Float.NaN, 16, true));
    assertEquals(Double.NaN, tally.meanLoss());
    assertEquals(Double.NaN, tally.samplesPerSecond(5), "no time has passed: no rate");
  }

  @Test
  void restartingForgetsThePreviousEpoch() {
    EpochTally tally = new EpochTally();
    tally.restart(0);
    tally.add(batch(3f, 16, false));
    tally.restart(1_000_000_000L);
    tally.add(batch(1f, 4, false));
    assertEquals(1.0, tally.meanLoss());
    assertEquals(1, tally.batches());
    assertEquals(4.0, tally.samplesPerSecond(2_000_000_000L), 1e-9);
  }
}
