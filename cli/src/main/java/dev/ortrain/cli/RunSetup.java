package dev.ortrain.cli;

import dev.ortrain.callbacks.Callback;
import dev.ortrain.loop.ExperimentSettings;
import dev.ortrain.loop.RegisteredExperiment;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.TrainerConfig;
import dev.ortrain.ort.Device;
import dev.ortrain.settings.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code run} and {@code evaluate} share: the experiment, its checked overrides and device, and the run
 * folder. A checkpoint inside a run folder brings that run's overrides along, under those given, since a
 * checkpoint is only accepted by the configuration that wrote it.
 */
record RunSetup(RegisteredExperiment experiment, ConfigOverrides overrides, Optional<Device> device,
    RunFolder folder) {

  static RunSetup resolve(ExperimentCatalog catalog, String name, List<String> settings, String device, Path out,
      Path checkpoint, PrintWriter log) {
    RegisteredExperiment experiment = catalog.find(name);
    Optional<RunFolder> origin = checkpoint == null ? Optional.empty() : RunFolder.of(checkpoint);
    List<String> effective = settings;
    if (origin.isPresent()) {
      List<String> saved = origin.get().savedOverrides();
      if (!saved.isEmpty()) {
        log.println("Overrides of the run that wrote the checkpoint: " + String.join(" ", saved));
      }
      // The given ones come last and win, so "--set epochs=N" extends the run and keeps the rest of its settings.
      effective = new java.util.ArrayList<>(saved);
      effective.addAll(settings);
    }
    ConfigOverrides overrides = ConfigOverrides.parse(effective);
    Optional<Device> parsedDevice = Optional.ofNullable(device).map(DeviceOption::parse);
    Path dir = out != null ? out : origin.map(RunFolder::dir).orElse(experiment.defaultRunDirectory());
    RunSetup setup = new RunSetup(experiment, overrides, parsedDevice, new RunFolder(dir));
    setup.config(); // fails now, before any data is read, if the combination is invalid
    return setup;
  }

  TrainerConfig.Builder override(TrainerConfig.Builder builder) {
    device.ifPresent(builder::device);
    return builder;
  }

  /** The experiment's settings with the overrides applied. */
  Settings settings() {
    return overrides.applyTo(experiment.defaultSettings());
  }

  /**
   * The configuration of the run; every part the settings declare (schedule, early stopping, checkpoints) is
   * built once too, so that a combination the processor would refuse is a usage error before any data is read.
   */
  TrainerConfig config() {
    Settings settings = settings();
    return ConfigOverrides.checked(() -> {
      ExperimentSettings.schedule(settings);
      ExperimentSettings.plateau(settings);
      ExperimentSettings.earlyStopping(settings);
      ExperimentSettings.checkpoint(settings);
      return override(ExperimentSettings.config(settings).toBuilder()).build();
    });
  }

  /** Whether the run writes checkpoints by its own settings. */
  boolean savesCheckpoints() {
    return ExperimentSettings.checkpoint(settings()).isPresent();
  }

  RunOptions options(List<Callback> callbacks) {
    return RunOptions.defaults().withSettingsOverride(overrides::applyTo).withConfigOverride(this::override)
        .withRunDirectory(folder.dir()).withCallbacks(callbacks);
  }
}
