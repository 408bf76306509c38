package dev.ortrain.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The learning-rate schedule of an experiment, either declared on the {@link Trainer} class or computed by a
 * method {@code double rate(long step, int epoch, double baseLr)} (not both). On a method only
 * {@link #unit()} is read: it says when the method is called (after every optimizer step or every epoch).
 *
 * <p>Lengths ({@code warmupSteps}, {@code stepSize}, {@code milestones}, {@code tMax}) count {@link #unit()}s.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Schedule {
  ScheduleType type() default ScheduleType.CONSTANT;

  /** When the schedule ticks. */
  Unit unit() default Unit.STEP;

  /**
   * Linear warm-up length before the schedule starts, >= 0 (not with PLATEAU), counted in {@link #unit()}s like
   * every length here: optimizer steps under {@code Unit.STEP}, epochs under {@code Unit.EPOCH} despite the name,
   * which the common per-step case gave it.
   */
  long warmupSteps() default 0;

  /** The warm-up starts at this fraction of the learning rate, in (0, 1]. */
  double warmupStartFactor() default 0.1;

  /** STEP: units between decays, >= 1 (required). */
  long stepSize() default 0;

  /** STEP, MULTI_STEP, EXPONENTIAL: multiplicative decay, in (0, 1]. */
  double gamma() default 0.1;

  /** MULTI_STEP: strictly increasing units at which to decay (required). */
  long[] milestones() default {};

  /** COSINE: units from the initial to the minimum learning rate, >= 1 (required). */
  long tMax() default 0;

  /** COSINE and PLATEAU: the floor of the learning rate. */
  double minLearningRate() default 0;

  /** PLATEAU: the validation metric watched. */
  String monitor() default "val_loss";

  /** PLATEAU: whether {@link #monitor()} improves by going down or up. */
  MonitorMode mode() default MonitorMode.AUTO;

  /** PLATEAU: multiplier applied on a plateau, in (0, 1). */
  double factor() default 0.1;

  /** PLATEAU: validations without improvement tolerated before reducing. */
  int plateauPatience() default 10;

  /** PLATEAU: smallest relative change that counts as improvement. */
  double threshold() default 1e-4;

  /** PLATEAU: validations to wait after a reduction. */
  int cooldown() default 0;
}
