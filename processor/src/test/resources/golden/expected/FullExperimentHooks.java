package golden;

import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.TrainingContext;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * Calls the hook methods of {@link FullExperiment} from the training loop.
 */
@Generated("dev.ortrain.processor.TrainerProcessor")
final class FullExperimentHooks implements Callback {
  private final FullExperiment experiment;

  private final int order;

  FullExperimentHooks(FullExperiment experiment, int order) {
    this.experiment = experiment;
    this.order = order;
  }

  @Override
  public int order() {
    return order;
  }

  @Override
  public String stateKey() {
    return "hooks:FullExperiment:" + order;
  }

  @Override
  public void onTrainBegin(TrainingContext ctx) {
    if (order == 0) {
      experiment.start(ctx);
    }
  }

  @Override
  public void onEpochEnd(TrainingContext ctx) {
    if (order == 150) {
      experiment.afterEarlyStopping(ctx.epoch());
    }
  }

  @Override
  public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
    if (order == 150) {
      experiment.batch(outcome, ctx.epoch());
    }
  }

  @Override
  public void onValidationEnd(TrainingContext ctx, Map<String, Double> metrics) {
    if (order == 0) {
      experiment.validated(ctx, metrics);
    }
  }
}
