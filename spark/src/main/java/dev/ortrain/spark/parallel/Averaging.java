package dev.ortrain.spark.parallel;

import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.ParameterSnapshot;
import dev.ortrain.callbacks.TrainingContext;
import java.util.List;

/**
 * A worker's side of parameter averaging: after every {@code every}-th optimizer step, and after the last step of
 * each epoch (so that validation, early stopping and checkpoints see the average), it gives its parameters and
 * optimizer moments to the exchange and puts the mean over all workers in their place. Every exchange computes the
 * mean in worker order ({@link #mean}), on every worker or once on the driver, so all workers hold the same bits
 * afterwards, whichever exchange the run uses.
 *
 * <p>It runs before every other callback, so that they all see the averaged state.
 */
final class Averaging implements Callback {
  private final Exchange exchange;
  private final int every;

  Averaging(Exchange exchange, int every) {
    this.exchange = exchange;
    this.every = every;
  }

  @Override
  public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
    boolean endOfEpoch = ctx.batchInEpoch() == ctx.batchesPerEpoch();
    if (outcome.optimizerStepped() && (ctx.globalStep() % every == 0 || endOfEpoch)) {
      ParameterSnapshot mine = ctx.snapshotParameters();
      float[] mean = exchange.mean(TrainingState.flatten(mine));
      ctx.restoreTrainingState(TrainingState.withValues(mine, mean));
    }
  }

  /** The element-wise mean, summed in the list's order in double: the same bits wherever it is computed. */
  static float[] mean(List<float[]> states) {
    float[] first = states.get(0);
    double[] sum = new double[first.length];
    for (float[] state : states) {
      if (state.length != first.length) {
        throw new IllegalStateException("Workers sent states of " + first.length + " and " + state.length
            + " values: the workers train different models");
      }
      for (int i = 0; i < state.length; i++) {
        sum[i] += state[i];
      }
    }
    float[] mean = new float[first.length];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = (float) (sum[i] / states.size());
    }
    return mean;
  }

  @Override
  public int order() {
    return LOGGING - 100;
  }
}
