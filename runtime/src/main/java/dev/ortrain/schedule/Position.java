package dev.ortrain.schedule;

/**
 * Where training stands when a schedule is evaluated.
 *
 * @param ticks how often the scheduler has been stepped in its own {@link Interval}; a schedule that follows
 *     a warm-up sees this counted from the end of the warm-up, as with PyTorch's {@code SequentialLR}
 * @param step optimizer steps completed in the whole run
 * @param epoch epochs completed in the whole run
 */
public record Position(long ticks, long step, long epoch) {
  public Position {
    if (ticks < 0 || step < 0 || epoch < 0) {
      throw new IllegalArgumentException("Position counters must be >= 0, got ticks " + ticks + ", step " + step
          + ", epoch " + epoch);
    }
  }

  /** The position a schedule starting after {@code ticksBefore} ticks sees. */
  Position after(long ticksBefore) {
    return new Position(ticks - ticksBefore, step, epoch);
  }
}
