package dev.ortrain.schedule;

import dev.ortrain.rules.ConfigRules;

/**
 * Multiplies the learning rate by {@code gamma} every {@code stepSize} ticks: PyTorch's {@code StepLR},
 * in its closed form {@code baseLr * gamma^(t / stepSize)}.
 */
public record StepSchedule(long stepSize, double gamma) implements Schedule {
  public StepSchedule {
    ConfigRules.STEP_SIZE.require(stepSize);
    ConfigRules.GAMMA.require(gamma);
  }

  @Override
  public double learningRate(double baseLr, Position position) {
    return baseLr * Math.pow(gamma, position.ticks() / stepSize);
  }

  @Override
  public String describe() {
    return "step(stepSize=" + stepSize + ", gamma=" + gamma + ")";
  }
}
