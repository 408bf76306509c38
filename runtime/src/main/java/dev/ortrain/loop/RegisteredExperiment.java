package dev.ortrain.loop;

import dev.ortrain.settings.Setting;
import dev.ortrain.settings.Settings;
import java.nio.file.Path;

/**
 * An annotated experiment as a runner sees it. The annotation processor generates one implementation per
 * {@code @Trainer} class ({@code <Experiment>Registration}) and lists them all in
 * {@code META-INF/services/dev.ortrain.loop.RegisteredExperiment}, so that a runner finds them with
 * {@link java.util.ServiceLoader} and creates trainers without reflection on the experiments themselves.
 */
public interface RegisteredExperiment {
  /** The experiment's class name ({@code Outer.Mlp} for a nested class). */
  String name();

  /** The experiment's fully qualified class name. */
  String className();

  /** The settings its annotations declare: every {@code @Trainer} and {@code @Schedule} value. */
  Settings defaultSettings();

  /** The configuration its annotations describe. */
  default TrainerConfig defaultConfig() {
    return ExperimentSettings.config(defaultSettings());
  }

  /** Where it writes unless told otherwise. */
  Path defaultRunDirectory();

  /** Whether it declares test data (else evaluation uses its validation data, when it has any). */
  boolean hasTestData();

  /** Whether it declares validation data. */
  boolean hasValidationData();

  /** Whether it saves checkpoints itself ({@code @Trainer(checkpointEvery > 0)}). */
  default boolean savesCheckpoints() {
    return defaultSettings().integer(Setting.CHECKPOINT_EVERY) > 0;
  }

  /** A new training loop for it, with the options applied; the caller closes it. */
  Trainer create(RunOptions options);
}
