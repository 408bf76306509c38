package dev.ortrain.callbacks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Progress as plain single lines for output that is not a terminal (files, CI logs), where a redrawn bar would
 * leave one line per redraw. A line is due when the epoch passes the next {@code percentStep} percent or when
 * nothing was written for {@code maxSilence}; a due line waits until {@code minInterval} has passed since the
 * previous one. The last batch of an epoch always gets a line. Short epochs thus write one line each, long ones
 * a line at most every {@code minInterval} and at least every {@code maxSilence}.
 */
final class ProgressLines implements Callback {
  private final PrintStream out;
  private final long minIntervalNanos;
  private final long maxSilenceNanos;
  private final int percentStep;
  private final LongSupplier clock;
  private final EpochTally tally = new EpochTally();
  private int startBatch;
  private int nextPercent;
  private long lastLineNanos;

  ProgressLines(PrintStream out, Duration minInterval, Duration maxSilence, int percentStep, LongSupplier clock) {
    if (minInterval.isNegative() || maxSilence.compareTo(minInterval) < 0) {
      throw new IllegalArgumentException("Need 0 <= minInterval <= maxSilence, got minInterval " + minInterval
          + " and maxSilence " + maxSilence);
    }
    if (percentStep < 1 || percentStep > 100) {
      throw new IllegalArgumentException("percentStep must be within [1, 100], got " + percentStep);
    }
    this.out = out;
    this.minIntervalNanos = minInterval.toNanos();
    this.maxSilenceNanos = maxSilence.toNanos();
    this.percentStep = percentStep;
    this.clock = clock;
  }

  @Override
  public void onTrainBegin(TrainingContext ctx) {
    start(ctx);
  }

  @Override
  public void onEpochBegin(TrainingContext ctx) {
    start(ctx);
  }

  private void start(TrainingContext ctx) {
    long now = clock.getAsLong();
    tally.restart(now);
    lastLineNanos = now;
    startBatch = ctx.batchInEpoch(); // a resumed epoch starts in the middle
    nextPercent = (percent(startBatch, ctx.batchesPerEpoch()) / percentStep + 1) * percentStep;
  }

  @Override
  public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
    long now = clock.getAsLong();
    tally.add(outcome);
    int done = ctx.batchInEpoch();
    int total = ctx.batchesPerEpoch();
    int percent = percent(done, total);
    long quiet = now - lastLineNanos;
    boolean due = percent >= nextPercent || quiet >= maxSilenceNanos;
    if (done == total || (due && quiet >= minIntervalNanos)) {
      out.println(line(ctx, done, total, percent, now));
      out.flush();
      lastLineNanos = now;
      nextPercent = (percent / percentStep + 1) * percentStep;
    }
  }

  private String line(TrainingContext ctx, int done, int total, int percent, long now) {
    String time = done == total
        ? "took " + HumanFormat.duration(tally.seconds(now))
        : "ETA " + HumanFormat.duration(tally.seconds(now) / tally.batches() * (total - done));
    return "epoch " + (ctx.epoch() + 1) + "/" + ctx.epochs() + "  batch " + done + "/" + total + " (" + percent
        + "%)  loss " + HumanFormat.number(tally.meanLoss()) + "  "
        + HumanFormat.number(tally.samplesPerSecond(now)) + " samples/s  " + time;
  }

  private static int percent(int done, int total) {
    return (int) (100L * done / total);
  }
}
