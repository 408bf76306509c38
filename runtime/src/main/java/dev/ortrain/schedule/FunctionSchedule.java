package dev.ortrain.schedule;

import java.util.regex.Pattern;

/**
 * A schedule computed by user code. It sees the run's absolute step and epoch counts (also after a warm-up),
 * and is evaluated whenever the scheduler is stepped in its {@link Interval}.
 *
 * @param name identifies the function in saved scheduler states: letters, digits, '_', '-' and '.'
 */
public record FunctionSchedule(String name, LearningRateFunction function) implements Schedule {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  public FunctionSchedule {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("A schedule function's name must match " + NAME + ", got '" + name + "'");
    }
    if (function == null) {
      throw new IllegalArgumentException("Schedule function '" + name + "' is null");
    }
  }

  @Override
  public double learningRate(double baseLr, Position position) {
    double lr = function.learningRate(position.step(), position.epoch(), baseLr);
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new IllegalStateException("Schedule function '" + name + "' returned " + lr + " at step "
          + position.step() + ", epoch " + position.epoch() + "; a learning rate must be finite and >= 0");
    }
    return lr;
  }

  @Override
  public String describe() {
    return "function(" + name + ")";
  }
}
