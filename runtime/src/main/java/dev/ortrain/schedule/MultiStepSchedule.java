package dev.ortrain.schedule;

import dev.ortrain.rules.ConfigRules;
import java.util.List;

/**
 * Multiplies the learning rate by {@code gamma} on reaching each milestone: PyTorch's {@code MultiStepLR},
 * {@code baseLr * gamma^(number of milestones <= t)}.
 *
 * @param milestones strictly increasing tick counts, each {@code >= 1}
 */
public record MultiStepSchedule(List<Long> milestones, double gamma) implements Schedule {
  public MultiStepSchedule {
    milestones = List.copyOf(milestones);
    if (milestones.isEmpty()) {
      throw new IllegalArgumentException("milestones must not be empty (use Schedule.constant() for no decay)");
    }
    long previous = 0;
    for (long milestone : milestones) {
      ConfigRules.MILESTONE.require(milestone);
      if (milestone <= previous) {
        throw new IllegalArgumentException("milestones must be strictly increasing, got " + milestones);
      }
      previous = milestone;
    }
    ConfigRules.GAMMA.require(gamma);
  }

  @Override
  public double learningRate(double baseLr, Position position) {
    int passed = 0;
    while (passed < milestones.size() && milestones.get(passed) <= position.ticks()) {
      passed++;
    }
    return baseLr * Math.pow(gamma, passed);
  }

  @Override
  public String describe() {
    return "multiStep(milestones=" + milestones + ", gamma=" + gamma + ")";
  }
}
