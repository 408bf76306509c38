package dev.ortrain.schedule;

import dev.ortrain.rules.ConfigRules;

/**
 * Multiplies the learning rate by {@code gamma} every tick: PyTorch's {@code ExponentialLR}, {@code baseLr * gamma^t}.
 */
public record ExponentialSchedule(double gamma) implements Schedule {
  public ExponentialSchedule {
    ConfigRules.GAMMA.require(gamma);
  }

  @Override
  public double learningRate(double baseLr, Position position) {
    return baseLr * Math.pow(gamma, position.ticks());
  }

  @Override
  public String describe() {
    return "exponential(gamma=" + gamma + ")";
  }
}
