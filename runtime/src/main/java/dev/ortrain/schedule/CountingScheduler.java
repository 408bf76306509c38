package dev.ortrain.schedule;

import dev.ortrain.rules.ConfigRules;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Drives a {@link Schedule} by counting optimizer steps and epochs; see {@link Scheduler} for when to call what. */
public final class CountingScheduler implements Scheduler {
  private static final String KIND = "counting";

  private final Schedule schedule;
  private final Interval interval;
  private final double baseLr;
  private long steps;
  private long epochs;
  private double lr;

  CountingScheduler(Schedule schedule, Interval interval, double baseLr) {
    if (schedule == null || interval == null) {
      throw new IllegalArgumentException("A counting scheduler needs a schedule and an interval");
    }
    this.schedule = schedule;
    this.interval = interval;
    this.baseLr = ConfigRules.LEARNING_RATE.require(baseLr);
    schedule.requireCompatible(baseLr);
    this.lr = evaluate();
  }

  @Override
  public double learningRate() {
    return lr;
  }

  @Override
  public double afterOptimizerStep() {
    steps++;
    if (interval == Interval.STEP) {
      lr = evaluate();
    }
    return lr;
  }

  @Override
  public double afterEpoch() {
    epochs++;
    if (interval == Interval.EPOCH) {
      lr = evaluate();
    }
    return lr;
  }

  @Override
  public double afterValidation(Map<String, Double> validationMetrics) {
    return lr;
  }

  @Override
  public void requireFits(TrainingLength length) {
    schedule.requireFits(length.ticks(interval), interval);
  }

  @Override
  public Optional<String> passesItsEnd(TrainingLength planned, TrainingLength extended) {
    OptionalLong end = schedule.end();
    if (end.isEmpty() || planned.ticks(interval) > end.getAsLong() || extended.ticks(interval) <= end.getAsLong()) {
      return Optional.empty();
    }
    return Optional.of(schedule.describe() + " ends after " + end.getAsLong() + " " + interval.plural() + ", which the"
        + " run of " + planned.epochs() + " epochs (" + planned.ticks(interval) + " " + interval.plural() + ") did"
        + " not pass; " + extended.epochs() + " epochs (" + extended.ticks(interval) + " " + interval.plural()
        + ") would carry it past its end, where a cosine climbs back towards the initial learning rate");
  }

  private double evaluate() {
    long ticks = interval == Interval.STEP ? steps : epochs;
    return schedule.learningRate(baseLr, new Position(ticks, steps, epochs));
  }

  @Override
  public SchedulerState state() {
    return new SchedulerState(Map.of(
        "kind", KIND,
        "schedule", schedule.describe(),
        "interval", interval.name(),
        "baseLr", SchedulerState.exact(baseLr),
        "steps", Long.toString(steps),
        "epochs", Long.toString(epochs),
        "lr", SchedulerState.exact(lr)));
  }

  @Override
  public void restore(SchedulerState state) {
    state.requireMatching("kind", KIND);
    state.requireMatching("schedule", schedule.describe());
    state.requireMatching("interval", interval.name());
    state.requireMatching("baseLr", SchedulerState.exact(baseLr));
    long savedSteps = state.requireLong("steps");
    long savedEpochs = state.requireLong("epochs");
    if (savedSteps < 0 || savedEpochs < 0) {
      throw new IllegalArgumentException("Scheduler state has negative counters: steps " + savedSteps + ", epochs "
          + savedEpochs);
    }
    double savedLr = state.requireDouble("lr");
    steps = savedSteps;
    epochs = savedEpochs;
    // The saved rate, not a recomputed one: a per-epoch function schedule was last evaluated at an earlier step.
    lr = savedLr;
  }

  @Override
  public String toString() {
    return "CountingScheduler[" + schedule.describe() + " per " + interval + ", baseLr " + baseLr + ", steps " + steps
        + ", epochs " + epochs + ", lr " + lr + "]";
  }
}
