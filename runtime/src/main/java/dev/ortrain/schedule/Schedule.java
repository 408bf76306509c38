package dev.ortrain.schedule;

import dev.ortrain.rules.ConfigRules;
import java.util.List;
import java.util.OptionalLong;

/**
 * A learning-rate schedule driven by a counter: an immutable, validated configuration whose value at every
 * position is given in closed form, so resuming only needs the counters. Values equal PyTorch's
 * {@code torch.optim.lr_scheduler} classes named on each implementation.
 *
 * <p>Start one with {@link Scheduler#start(Schedule, Interval, double)}; the metric-driven alternative is
 * {@link ReduceOnPlateau}.
 */
public sealed interface Schedule permits ConstantSchedule, StepSchedule, MultiStepSchedule, ExponentialSchedule,
    CosineAnnealingSchedule, WarmupSchedule, FunctionSchedule {

  /** The learning rate at {@code position} for a run whose initial learning rate is {@code baseLr}. */
  double learningRate(double baseLr, Position position);

  /** A stable one-line description, used to check that a restored state belongs to this schedule. */
  String describe();

  /**
   * Throws {@link IllegalArgumentException} when the schedule cannot fit a training of {@code ticks} ticks
   * (a warm-up longer than the training). The same check as {@link ConfigRules#checkWarmupFits}.
   */
  default void requireFits(long ticks, Interval interval) {}

  /**
   * The tick at which the schedule's designed shape ends, if it has one (a cosine reaches its floor there and
   * then climbs back); empty for shapes that go on unchanged (steps, exponential decay, a constant, a function).
   * An extended run that passes this tick is asked for consent, since the schedule was likely fitted to the
   * old length.
   */
  default OptionalLong end() {
    return OptionalLong.empty();
  }

  /** Checks against baseLr that only the scheduler knows, e.g. a floor above the initial learning rate. */
  default void requireCompatible(double baseLr) {}

  /** This schedule after a linear warm-up of {@code warmup} ticks from {@code startFactor * baseLr}. */
  default Schedule afterWarmup(long warmup, double startFactor) {
    return new WarmupSchedule(warmup, startFactor, this);
  }

  /** The initial learning rate throughout. */
  static Schedule constant() {
    return new ConstantSchedule();
  }

  /** {@code baseLr * gamma^(t / stepSize)}: PyTorch's {@code StepLR}. */
  static Schedule step(long stepSize, double gamma) {
    return new StepSchedule(stepSize, gamma);
  }

  /** {@code baseLr * gamma^(milestones passed)}: PyTorch's {@code MultiStepLR}. */
  static Schedule multiStep(List<Long> milestones, double gamma) {
    return new MultiStepSchedule(milestones, gamma);
  }

  /** {@code baseLr * gamma^t}: PyTorch's {@code ExponentialLR}. */
  static Schedule exponential(double gamma) {
    return new ExponentialSchedule(gamma);
  }

  /** Half a cosine from baseLr down to {@code etaMin} over {@code tMax} ticks: PyTorch's {@code CosineAnnealingLR}. */
  static Schedule cosine(long tMax, double etaMin) {
    return new CosineAnnealingSchedule(tMax, etaMin);
  }

  /** A linear warm-up followed by the initial learning rate: PyTorch's {@code LinearLR(startFactor, 1, warmup)}. */
  static Schedule linearWarmup(long warmup, double startFactor) {
    return constant().afterWarmup(warmup, startFactor);
  }

  /** A user-defined schedule; {@code name} identifies it in saved scheduler states. */
  static Schedule function(String name, LearningRateFunction function) {
    return new FunctionSchedule(name, function);
  }
}
