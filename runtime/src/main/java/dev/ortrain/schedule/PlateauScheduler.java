package dev.ortrain.schedule;

import dev.ortrain.rules.ConfigRules;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Drives {@link ReduceOnPlateau}: the learning rate only changes in {@link #afterValidation}. The bookkeeping
 * follows PyTorch's {@code ReduceLROnPlateau.step} line by line, so the same metric sequence gives the same
 * learning rates.
 */
public final class PlateauScheduler implements Scheduler {
  private static final String KIND = "plateau";

  private final ReduceOnPlateau config;
  private final double baseLr;
  private double lr;
  private double best;
  private long badValidations;
  private long cooldownLeft;
  private long validations;

  PlateauScheduler(ReduceOnPlateau config, double baseLr) {
    if (config == null) {
      throw new IllegalArgumentException("ReduceOnPlateau configuration must not be null");
    }
    this.config = config;
    this.baseLr = ConfigRules.LEARNING_RATE.require(baseLr);
    if (config.minLr() > baseLr) {
      throw new IllegalArgumentException(ConfigRules.MIN_LEARNING_RATE.field() + " = " + config.minLr()
          + " is above the initial learning rate " + baseLr + "; reduce-on-plateau could never reduce it");
    }
    this.lr = baseLr;
    this.best = config.worst();
  }

  @Override
  public double learningRate() {
    return lr;
  }

  @Override
  public double afterOptimizerStep() {
    return lr;
  }

  @Override
  public double afterEpoch() {
    return lr;
  }

  @Override
  public double afterValidation(Map<String, Double> validationMetrics) {
    Double value = validationMetrics.get(config.monitor());
    if (value == null) {
      throw new IllegalArgumentException("ReduceOnPlateau monitors '" + config.monitor()
          + "' but the validation reported only " + new TreeMap<>(validationMetrics).keySet());
    }
    return observe(value);
  }

  /** One validation's value of the monitored metric; returns the learning rate to use next. */
  public double observe(double value) {
    validations++;
    if (config.isBetter(value, best)) {
      best = value;
      badValidations = 0;
    } else {
      badValidations++; // NaN is never better, so it counts as bad, as in PyTorch
    }
    if (cooldownLeft > 0) {
      cooldownLeft--;
      badValidations = 0;
    }
    if (badValidations > config.patience()) {
      double reduced = Math.max(lr * config.factor(), config.minLr());
      if (lr - reduced > ReduceOnPlateau.EPS) {
        lr = reduced;
      }
      cooldownLeft = config.cooldown();
      badValidations = 0;
    }
    return lr;
  }

  /** The best monitored value so far (the mode's worst value before the first validation). */
  public double best() {
    return best;
  }

  @Override
  public void requireFits(TrainingLength length) {
    // Driven by validations, not by the training length.
  }

  @Override
  public Optional<String> passesItsEnd(TrainingLength planned, TrainingLength extended) {
    return Optional.empty(); // no designed end: it reacts to validations however long the run is
  }

  @Override
  public SchedulerState state() {
    return new SchedulerState(Map.of(
        "kind", KIND,
        "schedule", config.describe(),
        "baseLr", SchedulerState.exact(baseLr),
        "lr", SchedulerState.exact(lr),
        "best", SchedulerState.exact(best),
        "badValidations", Long.toString(badValidations),
        "cooldownLeft", Long.toString(cooldownLeft),
        "validations", Long.toString(validations)));
  }

  @Override
  public void restore(SchedulerState state) {
    state.requireMatching("kind", KIND);
    state.requireMatching("schedule", config.describe());
    state.requireMatching("baseLr", SchedulerState.exact(baseLr));
    double savedLr = state.requireDouble("lr");
    double savedBest = state.requireDouble("best");
    long savedBad = state.requireLong("badValidations");
    long savedCooldown = state.requireLong("cooldownLeft");
    long savedValidations = state.requireLong("validations");
    if (!(savedLr >= 0) || savedBad < 0 || savedCooldown < 0 || savedValidations < 0) {
      throw new IllegalArgumentException("Scheduler state out of range: " + state.encode());
    }
    lr = savedLr;
    best = savedBest;
    badValidations = savedBad;
    cooldownLeft = savedCooldown;
    validations = savedValidations;
  }

  @Override
  public String toString() {
    return "PlateauScheduler[" + config.describe() + ", lr " + lr + ", best " + best + ", bad " + badValidations
        + ", cooldown " + cooldownLeft + "]";
  }
}
