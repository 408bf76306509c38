package golden;

import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.TrainingContext;
import java.util.Map;
import javax.annotation.processing.Generated;

/**
 * Calls the hook methods of {@link FullExperiment} from the training loop: one callback per hook order.
 */
@Generated("dev.ortrain.processor.TrainerProcessor")
final class FullExperimentHooks {
  private FullExperimentHooks() {
  }

  /**
   * The hooks of order 0.
   */
  static final class Order0 implements Callback {
    private final FullExperiment experiment;

    Order0(FullExperiment experiment) {
      this.experiment = experiment;
    }

    @Override
    public int order() {
      return 0;
    }

    @Override
    public void onTrainBegin(TrainingContext ctx) {
      experiment.start(ctx);
    }

    @Override
    public void onValidationEnd(TrainingContext ctx, Map<String, Double> metrics) {
      experiment.validated(ctx, metrics);
    }
  }

  /**
   * The hooks of order 150.
   */
  static final class Order150 implements Callback {
    private final FullExperiment experiment;

    Order150(FullExperiment experiment) {
      this.experiment = experiment;
    }

    @Override
    public int order() {
      return 150;
    }

    @Override
    public void onEpochEnd(TrainingContext ctx) {
      experiment.afterEarlyStopping(ctx.epoch());
    }

    @Override
    public void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {
      experiment.batch(outcome, ctx.epoch());
    }
  }
}
