package dev.ortrain.schedule;

import java.util.Map;
import java.util.Optional;

/**
 * The learning rate of a running training: a {@link Schedule} or {@link ReduceOnPlateau} plus the counters it
 * needs. Not thread-safe.
 *
 * <p>The training loop calls all three hooks and applies the returned rate (as a float) before the next
 * optimizer step; each scheduler reacts only to the events it is driven by:
 * <ul>
 *   <li>{@link #afterOptimizerStep()} after every optimizer step (per-step schedules tick here);
 *   <li>{@link #afterValidation(Map)} after every validation with its metrics (reduce-on-plateau ticks here);
 *   <li>{@link #afterEpoch()} at the end of every epoch, after that epoch's validation (per-epoch schedules tick here).
 * </ul>
 * {@link #state()} and {@link #restore(SchedulerState)} carry it across a checkpoint, so a resumed run gets
 * the same learning rates, bit for bit.
 */
public sealed interface Scheduler permits CountingScheduler, PlateauScheduler {

  /** Starts a counted schedule ticking once per {@code interval}. */
  static Scheduler start(Schedule schedule, Interval interval, double baseLr) {
    return new CountingScheduler(schedule, interval, baseLr);
  }

  /** Starts a reduce-on-plateau scheduler at {@code baseLr}. */
  static Scheduler start(ReduceOnPlateau plateau, double baseLr) {
    return new PlateauScheduler(plateau, baseLr);
  }

  /** The learning rate to use for the next optimizer step. */
  double learningRate();

  /** Call after each optimizer step; returns the learning rate for the next one. */
  double afterOptimizerStep();

  /** Call at the end of each epoch (after its validation); returns the learning rate for the next epoch. */
  double afterEpoch();

  /** Call after each validation with its results (e.g. {@code val_loss}); returns the learning rate to use next. */
  double afterValidation(Map<String, Double> validationMetrics);

  /** Throws {@link IllegalArgumentException} when the schedule does not fit a run of {@code length}. */
  void requireFits(TrainingLength length);

  /**
   * Why continuing this scheduler from a run {@code planned} long to one {@code extended} long would carry it
   * past the end of its designed shape, which the planned run did not pass (see {@link Schedule#end()});
   * empty when the extension leaves the shape as designed.
   */
  Optional<String> passesItsEnd(TrainingLength planned, TrainingLength extended);

  /** Exports the counters and current learning rate. */
  SchedulerState state();

  /** Continues from a state exported by an identically configured scheduler. */
  void restore(SchedulerState state);
}
