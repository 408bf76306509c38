package dev.ortrain.schedule;

/**
 * What one tick of a counted schedule is, and therefore when the training loop steps the scheduler.
 *
 * <p>The value after {@code t} ticks equals PyTorch's {@code get_last_lr()} after {@code t} calls of
 * {@code scheduler.step()}: the first optimizer step (or epoch) runs at the schedule's value for {@code t = 0}.
 */
public enum Interval {
  /**
   * One tick per optimizer step: {@link Scheduler#afterOptimizerStep()} after every optimizer step (not after
   * every micro-batch when gradients are accumulated).
   */
  STEP("optimizer steps"),
  /** One tick per epoch: {@link Scheduler#afterEpoch()} at the end of every epoch, after its validation. */
  EPOCH("epochs");

  private final String plural;

  Interval(String plural) {
    this.plural = plural;
  }

  /** "optimizer steps" or "epochs", for messages. */
  public String plural() {
    return plural;
  }
}
