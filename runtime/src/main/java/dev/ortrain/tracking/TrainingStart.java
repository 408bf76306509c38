package dev.ortrain.tracking;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What an {@link ExperimentLogger} learns when training begins.
 *
 * @param runDirectory where the run writes its files
 * @param hyperParameters the run's hyper-parameters
 * @param globalStep optimizer steps already done: 0 for a new run, the checkpoint's step for a resumed one
 */
public record TrainingStart(Path runDirectory, HyperParameters hyperParameters, long globalStep) {
  public TrainingStart {
    Objects.requireNonNull(runDirectory, "runDirectory");
    Objects.requireNonNull(hyperParameters, "hyperParameters");
    if (globalStep < 0) {
      throw new IllegalArgumentException("globalStep must be at least 0, got " + globalStep);
    }
  }

  /** Whether training continues a run that already took steps (its earlier scalars are logged already). */
  public boolean resumed() {
    return globalStep > 0;
  }
}
