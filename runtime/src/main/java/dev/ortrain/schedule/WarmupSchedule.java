package dev.ortrain.schedule;

import dev.ortrain.rules.ConfigRules;
import java.util.OptionalLong;

/**
 * A linear warm-up from {@code startFactor * baseLr} to baseLr over {@code warmup} ticks, then {@code after}
 * with its counter restarted at 0: PyTorch's {@code SequentialLR([LinearLR(startFactor, 1.0, warmup), after],
 * milestones=[warmup])}. A warm-up of 0 ticks is {@code after} itself.
 */
public record WarmupSchedule(long warmup, double startFactor, Schedule after) implements Schedule {
  public WarmupSchedule {
    ConfigRules.WARMUP_STEPS.require(warmup);
    ConfigRules.WARMUP_START_FACTOR.require(startFactor);
    if (after == null) {
      throw new IllegalArgumentException("the schedule after the warm-up must not be null");
    }
  }

  @Override
  public double learningRate(double baseLr, Position position) {
    long t = position.ticks();
    if (t >= warmup) {
      return after.learningRate(baseLr, position.after(warmup));
    }
    // LinearLR's closed form with end factor 1.
    return baseLr * (startFactor + (1 - startFactor) * t / warmup);
  }

  @Override
  public void requireFits(long ticks, Interval interval) {
    ConfigRules.checkWarmupFits(warmup, ticks, interval.plural()).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
    after.requireFits(ticks - warmup, interval);
  }

  @Override
  public OptionalLong end() {
    OptionalLong afterEnd = after.end();
    return afterEnd.isPresent() ? OptionalLong.of(warmup + afterEnd.getAsLong()) : afterEnd;
  }

  @Override
  public void requireCompatible(double baseLr) {
    after.requireCompatible(baseLr);
  }

  @Override
  public String describe() {
    return "warmup(warmup=" + warmup + ", startFactor=" + startFactor + ") then " + after.describe();
  }
}
