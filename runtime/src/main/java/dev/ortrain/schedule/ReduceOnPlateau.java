package dev.ortrain.schedule;

import dev.ortrain.rules.ConfigRules;

/**
 * Reduces the learning rate when a monitored metric stops improving: PyTorch's {@code ReduceLROnPlateau},
 * decision for decision (including its {@code eps = 1e-8}: reductions smaller than that are skipped). Start it
 * with {@link Scheduler#start(ReduceOnPlateau, double)} and step it after each validation.
 *
 * <p>Defaults of {@link #monitoring}: PyTorch's (factor 0.1, patience 10, threshold 1e-4 relative, cooldown 0,
 * minimum learning rate 0); change them with the {@code with...} methods.
 *
 * @param monitor the name of the metric to watch, e.g. {@code val_loss}
 * @param mode whether smaller or larger values are better
 * @param factor multiplier applied on a plateau, in (0, 1)
 * @param patience validations without improvement that are tolerated; the next one reduces
 * @param threshold how much better a value must be than the best to count as improvement
 * @param thresholdMode whether {@code threshold} is relative to the best value or absolute
 * @param cooldown validations after a reduction during which bad validations are not counted
 * @param minLr the learning rate is never reduced below this
 */
public record ReduceOnPlateau(String monitor, Mode mode, double factor, int patience, double threshold,
    ThresholdMode thresholdMode, int cooldown, double minLr) {

  /** PyTorch's {@code eps}: a reduction by less than this is not applied. */
  public static final double EPS = 1e-8;

  /** Whether the monitored metric improves by decreasing (a loss) or increasing (an accuracy). */
  public enum Mode { MIN, MAX }

  /** {@code REL}: better than {@code best * (1 -/+ threshold)}; {@code ABS}: better than {@code best -/+ threshold}. */
  public enum ThresholdMode { REL, ABS }

  public ReduceOnPlateau {
    if (monitor == null || monitor.isBlank()) {
      throw new IllegalArgumentException("ReduceOnPlateau needs the name of the metric to monitor, e.g. val_loss");
    }
    if (mode == null || thresholdMode == null) {
      throw new IllegalArgumentException("ReduceOnPlateau mode and thresholdMode must not be null");
    }
    ConfigRules.PLATEAU_FACTOR.require(factor);
    ConfigRules.PLATEAU_PATIENCE.requireInt(patience);
    ConfigRules.PLATEAU_THRESHOLD.require(threshold);
    ConfigRules.PLATEAU_COOLDOWN.requireInt(cooldown);
    ConfigRules.MIN_LEARNING_RATE.require(minLr);
  }

  /** Watches {@code monitor} with PyTorch's defaults for everything else. */
  public static ReduceOnPlateau monitoring(String monitor, Mode mode) {
    return new ReduceOnPlateau(monitor, mode, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0.0);
  }

  public ReduceOnPlateau withFactor(double newFactor) {
    return new ReduceOnPlateau(monitor, mode, newFactor, patience, threshold, thresholdMode, cooldown, minLr);
  }

  public ReduceOnPlateau withPatience(int newPatience) {
    return new ReduceOnPlateau(monitor, mode, factor, newPatience, threshold, thresholdMode, cooldown, minLr);
  }

  public ReduceOnPlateau withThreshold(double newThreshold, ThresholdMode newMode) {
    return new ReduceOnPlateau(monitor, mode, factor, patience, newThreshold, newMode, cooldown, minLr);
  }

  public ReduceOnPlateau withCooldown(int newCooldown) {
    return new ReduceOnPlateau(monitor, mode, factor, patience, threshold, thresholdMode, newCooldown, minLr);
  }

  public ReduceOnPlateau withMinLr(double newMinLr) {
    return new ReduceOnPlateau(monitor, mode, factor, patience, threshold, thresholdMode, cooldown, newMinLr);
  }

  /** Whether {@code value} improves on {@code best}, by PyTorch's {@code _is_better}. */
  boolean isBetter(double value, double best) {
    return switch (mode) {
      case MIN -> thresholdMode == ThresholdMode.REL ? value < best * (1.0 - threshold) : value < best - threshold;
      case MAX -> thresholdMode == ThresholdMode.REL ? value > best * (threshold + 1.0) : value > best + threshold;
    };
  }

  /** The starting "best": the worst possible value for the mode. */
  double worst() {
    return mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }

  /** A stable one-line description, used to check that a restored state belongs to this configuration. */
  public String describe() {
    return "reduceOnPlateau(monitor=" + monitor + ", mode=" + mode + ", factor=" + factor + ", patience=" + patience
        + ", threshold=" + threshold + ", thresholdMode=" + thresholdMode + ", cooldown=" + cooldown + ", minLr="
        + minLr + ")";
  }
}
