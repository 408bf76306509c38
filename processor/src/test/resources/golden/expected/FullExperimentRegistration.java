package golden;

import dev.ortrain.loop.RegisteredExperiment;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.Trainer;
import dev.ortrain.settings.Settings;
import java.nio.file.Path;
import javax.annotation.processing.Generated;

/**
 * Lists {@link FullExperiment} for runners; see {@code RegisteredExperiment}.
 */
@Generated("dev.ortrain.processor.TrainerProcessor")
public final class FullExperimentRegistration implements RegisteredExperiment {
  /**
   * For {@link java.util.ServiceLoader}.
   */
  public FullExperimentRegistration() {
  }

  @Override
  public String name() {
    return "FullExperiment";
  }

  @Override
  public String className() {
    return "golden.FullExperiment";
  }

  @Override
  public Settings defaultSettings() {
    return FullExperimentModule.annotatedSettings();
  }

  @Override
  public Path defaultRunDirectory() {
    return Path.of("runs/full");
  }

  @Override
  public boolean hasTestData() {
    return true;
  }

  @Override
  public boolean hasValidationData() {
    return true;
  }

  @Override
  public Trainer create(RunOptions options) {
    return FullExperimentTrainer.create(options).engine();
  }
}
