package dev.ortrain.callbacks;

import java.util.Map;
import java.util.Optional;

/**
 * Hooks into the training loop. Every method has an empty default; implement the ones you need.
 *
 * <p>Order: callbacks run in ascending {@link #order()}, ties in registration order. The built-ins use
 * {@link #LOGGING} (loggers and progress), {@link #USER} (the default), {@link #EARLY_STOPPING} and
 * {@link #CHECKPOINT}, so metrics are final before anything sees them, early stopping decides before the
 * checkpoint is written, and the checkpoint holds every other callback's state.
 *
 * <p>State: a callback that must survive a resume returns its state from {@link #saveState()} and takes it
 * back in {@link #restoreState}; it is stored in the checkpoint under {@link #stateKey()}.
 */
public interface Callback {
  int LOGGING = -100;
  int USER = 0;
  int EARLY_STOPPING = 100;
  int CHECKPOINT = 200;

  default void onTrainBegin(TrainingContext ctx) {}

  default void onTrainEnd(TrainingContext ctx) {}

  default void onEpochBegin(TrainingContext ctx) {}

  /** After the epoch's training batches and its validation (when one was due). */
  default void onEpochEnd(TrainingContext ctx) {}

  default void onBatchBegin(TrainingContext ctx) {}

  default void onBatchEnd(TrainingContext ctx, BatchOutcome outcome) {}

  default void onValidationBegin(TrainingContext ctx) {}

  /** With the validation's aggregated metrics ({@code val_loss}, ...). */
  default void onValidationEnd(TrainingContext ctx, Map<String, Double> metrics) {}

  default void onTestBegin(TrainingContext ctx) {}

  default void onTestEnd(TrainingContext ctx, Map<String, Double> metrics) {}

  /** Position among callbacks; lower runs first. */
  default int order() {
    return USER;
  }

  /** The key of this callback's state in checkpoints; must be unique and stable across runs. */
  default String stateKey() {
    return getClass().getName();
  }

  /** This callback's state as text, or empty when it has none. */
  default Optional<String> saveState() {
    return Optional.empty();
  }

  /** Restores what {@link #saveState()} returned. */
  default void restoreState(String state) {}
}
