package dev.ortrain.spark.parallel;

import dev.ortrain.loop.FitResult;
import java.io.Serializable;

/** What one worker's task of a tree-aggregated round returns to the driver. */
sealed interface RoundReport extends Serializable {
  int worker();

  /**
   * The worker reached the round's averaging point with this state.
   *
   * @param location the executor it is parked in, as Spark's task locations name one ({@code executor_HOST_ID}), so
   *     that the next round's task goes there
   */
  record Reached(int worker, float[] state, String location) implements RoundReport {}

  /** The worker trained to the end. */
  record Finished(int worker, FitResult result) implements RoundReport {}

  /** The task found no live worker of this generation where it ran: it failed before, or its executor is new. */
  record Lost(int worker) implements RoundReport {}
}
