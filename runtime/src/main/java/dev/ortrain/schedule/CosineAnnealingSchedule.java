package dev.ortrain.schedule;

import dev.ortrain.rules.ConfigRules;
import java.util.OptionalLong;

/**
 * PyTorch's {@code CosineAnnealingLR} in closed form:
 * {@code etaMin + (baseLr - etaMin) * (1 + cos(pi * t / tMax)) / 2}.
 * Past {@code tMax} the cosine continues (back up towards baseLr), as in PyTorch; pick {@code tMax} equal to
 * the training length to end at {@code etaMin}.
 *
 * @param tMax ticks from baseLr down to etaMin
 * @param etaMin the floor, at most the initial learning rate
 */
public record CosineAnnealingSchedule(long tMax, double etaMin) implements Schedule {
  public CosineAnnealingSchedule {
    ConfigRules.T_MAX.require(tMax);
    ConfigRules.MIN_LEARNING_RATE.require(etaMin);
  }

  @Override
  public double learningRate(double baseLr, Position position) {
    // Same operation order as PyTorch's _get_closed_form_lr, so the doubles agree.
    return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * position.ticks() / tMax)) / 2;
  }

  @Override
  public OptionalLong end() {
    return OptionalLong.of(tMax);
  }

  @Override
  public void requireCompatible(double baseLr) {
    if (etaMin > baseLr) {
      throw new IllegalArgumentException(ConfigRules.MIN_LEARNING_RATE.field() + " = " + etaMin
          + " is above the initial learning rate " + baseLr + "; cosine annealing would increase it");
    }
  }

  @Override
  public String describe() {
    return "cosine(tMax=" + tMax + ", etaMin=" + etaMin + ")";
  }
}
