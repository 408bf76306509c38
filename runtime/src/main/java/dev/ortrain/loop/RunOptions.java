package dev.ortrain.loop;

import dev.ortrain.callbacks.Callback;
import dev.ortrain.data.Dataset;
import dev.ortrain.recording.Recording;
import dev.ortrain.settings.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a caller such as the command line changes about an annotated experiment at run time, passed to its
 * generated trainer ({@code <Experiment>Trainer.create(RunOptions)}): changes to the settings the annotations
 * declare (any {@code @Trainer} or {@code @Schedule} attribute, checked by the same rules), a change to the
 * configuration built from them, another run directory, callbacks added to the experiment's own, development
 * aids, and the consent to extend a run past the end of its schedule.
 *
 * @param settingsOverride applied to the experiment's annotated settings
 * @param configOverride applied to the builder of the configuration those settings describe
 * @param runDirectory where the run writes, or empty for the experiment's own
 * @param callbacks added after the experiment's callbacks (the trainer orders all of them by {@code order()})
 * @param development fast dev run, overfitting, batch limit, sanity validation
 * @param scheduleOnExtension what a resume with more epochs does with a schedule that would pass its end
 * @param recording what the run records in its folder and on the console
 * @param trainDataView the part of the training data the run trains on (all of it unless a caller shards it)
 * @param randomStream which of the seed's streams of dropout masks and augmentations the run draws
 */
public record RunOptions(UnaryOperator<Settings> settingsOverride,
    UnaryOperator<TrainerConfig.Builder> configOverride, Optional<Path> runDirectory, List<Callback> callbacks,
    DevelopmentOptions development, ScheduleOnExtension scheduleOnExtension, Recording recording,
    UnaryOperator<Dataset> trainDataView, RandomStream randomStream) {

  public RunOptions {
    Objects.requireNonNull(settingsOverride, "settingsOverride");
    Objects.requireNonNull(configOverride, "configOverride");
    Objects.requireNonNull(runDirectory, "runDirectory");
    callbacks = List.copyOf(callbacks);
    Objects.requireNonNull(development, "development");
    Objects.requireNonNull(scheduleOnExtension, "scheduleOnExtension");
    Objects.requireNonNull(recording, "recording");
    Objects.requireNonNull(trainDataView, "trainDataView");
    Objects.requireNonNull(randomStream, "randomStream");
  }

  /** The experiment exactly as annotated. */
  public static RunOptions defaults() {
    return new RunOptions(UnaryOperator.identity(), UnaryOperator.identity(), Optional.empty(), List.of(),
        DevelopmentOptions.defaults(), ScheduleOnExtension.REFUSE, Recording.everything(), UnaryOperator.identity(),
        RandomStream.FIRST);
  }

  /** Changes to the annotated settings, e.g. {@code s -> s.with(Setting.EPOCHS, 3)}. */
  public RunOptions withSettingsOverride(UnaryOperator<Settings> override) {
    return new RunOptions(override, configOverride, runDirectory, callbacks, development,
        scheduleOnExtension, recording, trainDataView, randomStream);
  }

  public RunOptions withConfigOverride(UnaryOperator<TrainerConfig.Builder> override) {
    return new RunOptions(settingsOverride, override, runDirectory, callbacks, development,
        scheduleOnExtension, recording, trainDataView, randomStream);
  }

  public RunOptions withRunDirectory(Path directory) {
    return new RunOptions(settingsOverride, configOverride, Optional.of(directory), callbacks, development,
        scheduleOnExtension, recording, trainDataView, randomStream);
  }

  public RunOptions withCallbacks(List<Callback> added) {
    return new RunOptions(settingsOverride, configOverride, runDirectory, added, development,
        scheduleOnExtension, recording, trainDataView, randomStream);
  }

  public RunOptions withDevelopment(DevelopmentOptions options) {
    return new RunOptions(settingsOverride, configOverride, runDirectory, callbacks, options,
        scheduleOnExtension, recording, trainDataView, randomStream);
  }

  public RunOptions withScheduleOnExtension(ScheduleOnExtension choice) {
    return new RunOptions(settingsOverride, configOverride, runDirectory, callbacks, development, choice,
        recording, trainDataView, randomStream);
  }

  /** What the run records (default: everything, as {@link Recording#everything()}). */
  public RunOptions withRecording(Recording choice) {
    return new RunOptions(settingsOverride, configOverride, runDirectory, callbacks, development, scheduleOnExtension,
        choice, trainDataView, randomStream);
  }

  /**
   * The part of the experiment's training data the run trains on, such as a data-parallel worker's shard (default:
   * all of it). Everything that checks the data (the checkpoint's fingerprint, config.json) sees that part.
   */
  public RunOptions withTrainDataView(UnaryOperator<Dataset> view) {
    return new RunOptions(settingsOverride, configOverride, runDirectory, callbacks, development, scheduleOnExtension,
        recording, view, randomStream);
  }

  /**
   * Which of the seed's streams of dropout masks and augmentations the run draws (default: the seed's own), such as
   * a data-parallel worker's, so that the workers do not all drop the same units.
   */
  public RunOptions withRandomStream(RandomStream stream) {
    return new RunOptions(settingsOverride, configOverride, runDirectory, callbacks, development, scheduleOnExtension,
        recording, trainDataView, stream);
  }

  /** The annotated settings with the override applied; invalid values fail with the rule's message. */
  public Settings apply(Settings annotated) {
    return settingsOverride.apply(annotated);
  }

  /** The experiment's configuration with the override applied; invalid values fail as in {@link TrainerConfig}. */
  public TrainerConfig apply(TrainerConfig annotated) {
    return configOverride.apply(annotated.toBuilder()).build();
  }

  /** The run directory to use: this one when set, else the experiment's. */
  public Path runDirectoryOr(Path annotated) {
    return runDirectory.orElse(annotated);
  }
}
