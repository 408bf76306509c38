package golden;

import dev.ortrain.loop.RegisteredExperiment;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.Trainer;
import dev.ortrain.settings.Settings;
import java.nio.file.Path;
import javax.annotation.processing.Generated;

/**
 * Lists {@link ComputedSchedule} for runners; see {@code RegisteredExperiment}.
 */
@Generated("dev.ortrain.processor.TrainerProcessor")
public final class ComputedScheduleRegistration implements RegisteredExperiment {
  /**
   * For {@link java.util.ServiceLoader}.
   */
  public ComputedScheduleRegistration() {
  }

  @Override
  public String name() {
    return "ComputedSchedule";
  }

  @Override
  public String className() {
    return "golden.ComputedSchedule";
  }

  @Override
  public Settings defaultSettings() {
    return ComputedScheduleModule.annotatedSettings();
  }

  @Override
  public Path defaultRunDirectory() {
    return Path.of("runs/ComputedSchedule");
  }

  @Override
  public boolean hasTestData() {
    return false;
  }

  @Override
  public boolean hasValidationData() {
    return false;
  }

  @Override
  public Trainer create(RunOptions options) {
    return ComputedScheduleTrainer.create(options).engine();
  }
}
