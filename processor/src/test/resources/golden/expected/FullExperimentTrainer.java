package golden;

import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.Trainer;
import java.nio.file.Path;
import java.util.Map;
import javax.annotation.processing.Generated;
import javax.inject.Inject;

/**
 * Trains {@link FullExperiment} as its annotations configure it.
 */
@Generated("dev.ortrain.processor.TrainerProcessor")
public final class FullExperimentTrainer implements AutoCloseable {
  private final Trainer trainer;

  @Inject
  FullExperimentTrainer(Trainer trainer) {
    this.trainer = trainer;
  }

  /**
   * A trainer wired by {@link FullExperimentComponent}, as the annotations configure it; use the
   * component's builder when a module needs an instance.
   */
  public static FullExperimentTrainer create() {
    return create(RunOptions.defaults());
  }

  /**
   * A trainer with the caller's overrides of configuration and run directory, and its
   * added callbacks.
   */
  public static FullExperimentTrainer create(RunOptions options) {
    return DaggerFullExperimentComponent.builder().runOptions(options).build().trainer();
  }

  /**
   * Trains for the configured epochs.
   */
  public FitResult fit() {
    return trainer.fit();
  }

  /**
   * Continues the run saved in {@code checkpointDirectory}.
   */
  public FitResult resume(Path checkpointDirectory) {
    return trainer.resume(checkpointDirectory);
  }

  /**
   * Runs validation now and returns its metrics.
   */
  public Map<String, Double> validate() {
    return trainer.validate();
  }

  /**
   * Evaluates the test data and returns its metrics.
   */
  public Map<String, Double> test() {
    return trainer.test();
  }

  /**
   * The run's current state.
   */
  public TrainingContext state() {
    return trainer.state();
  }

  /**
   * The runtime's training loop behind this trainer, for callers that drive any
   * experiment alike (a runner); closing either closes both.
   */
  public Trainer engine() {
    return trainer;
  }

  /**
   * Writes the trained model as an ONNX inference model.
   */
  public void exportInferenceModel(Path file) {
    trainer.exportInferenceModel(file);
  }

  @Override
  public void close() {
    trainer.close();
  }
}
