package dev.ortrain.tracking;

import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.TrainingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Feeds an {@link ExperimentLogger} from the training loop, every value at the global optimizer step it
 * belongs to:
 *
 * <ul>
 *   <li>when training begins, the hyper-parameters (and the step it begins at);
 *   <li>every {@code everySteps} optimizer steps, {@value #STEP_LOSS}, the mean training loss per sample over
 *       the steps since the previous one (batches with a non-finite loss left out), and
 *       {@value #STEP_LEARNING_RATE}, the learning rate the step used;
 *   <li>at each epoch's end, the epoch's metrics as the history records them, each under {@value #EPOCH}
 *       and its name ({@code epoch/train_loss}, {@code epoch/val_accuracy}, {@code epoch/lr}), then a flush;
 *   <li>when training ends, the close.
 * </ul>
 */
public final class TrackingCallback implements Callback {
  public static final String STEP_LOSS = "step/loss";
  public static final String STEP_LEARNING_RATE = "step/lr";
  public static final String EPOCH = "epoch/";
  /** The history's epoch counter: the step already places the values, so it is not logged. */
  private static final String EPOCH_NUMBER = "epoch";

  private final ExperimentLogger logger;
  private final HyperParameters hyperParameters;
  private final int everySteps;
  private double intervalWeightedLoss;
  private long intervalSamples;
  private float stepLearningRate;

  /** Logs the step loss at every optimizer step. */
  public TrackingCallback(ExperimentLogger logger, HyperParameters hyperParameters) {
    this(logger, hyperParameters, 1);
  }

  /** Logs the step loss every {@code everySteps} optimizer steps (0 = epoch values only). */
  public TrackingCallback(ExperimentLogger logger, HyperParameters hyperParameters, int everySteps) {
    if (everySteps < 0) {
      throw new IllegalArgumentException(
          "everySteps must be at least 0 (0 = epoch values only, 1 = every step), got " + everySteps);
    }
    this.logger = Objects.requireNonNull(logger, "logger");
    this.hyperParameters = Objects.requireNonNull(hyperParameters, "hyperParameters");
    this.everySteps = everySteps;
  }

  @Override
  public void onTrainBegin(TrainingContext ctx) {
    resetInterval();
    logger.start(new TrainingStart(ctx.runDirectory(), hyperParameters, ctx.globalStep()));
  }

  @Override
  public void onBatchBegin(TrainingContext ctx) {
    stepLearningRate = ctx.learningRate(); // after the step, ctx holds the next step's rate
  }

  @Override
  public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
    if (everySteps == 0) {
      return;
    }
    if (!outcome.skipped()) {
      intervalWeightedLoss += (double) outcome.loss() * outcome.size();
      intervalSamples += outcome.size();
    }
    if (outcome.optimizerStepped() && ctx.globalStep() % everySteps == 0) {
      Map<String, Double> scalars = new LinkedHashMap<>();
      if (intervalSamples > 0) {
        scalars.put(STEP_LOSS, intervalWeightedLoss / intervalSamples);
      }
      scalars.put(STEP_LEARNING_RATE, (double) stepLearningRate);
      logger.logScalars(ctx.globalStep(), scalars);
      resetInterval();
    }
  }

  @Override
  public void onEpochEnd(TrainingContext ctx) {
    List<Map<String, Double>> history = ctx.history();
    Map<String, Double> scalars = new LinkedHashMap<>();
    history.get(history.size() - 1).forEach((name, value) -> {
      if (!name.equals(EPOCH_NUMBER)) {
        scalars.put(EPOCH + name, value);
      }
    });
    logger.logScalars(ctx.globalStep(), scalars);
    logger.flush();
  }

  @Override
  public void onTrainEnd(TrainingContext ctx) {
    logger.close();
  }

  private void resetInterval() {
    intervalWeightedLoss = 0;
    intervalSamples = 0;
  }

  @Override
  public int order() {
    return LOGGING;
  }
}
