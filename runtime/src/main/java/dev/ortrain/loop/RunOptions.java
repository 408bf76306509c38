package dev.ortrain.loop;

import dev.ortrain.callbacks.Callback;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a caller such as the command-line runner changes about an annotated experiment at run time, passed to
 * its generated trainer ({@code <Experiment>Trainer.create(RunOptions)}): a change to the configuration the
 * annotations describe (validated again when the changed configuration is built), another run directory,
 * callbacks added to the experiment's own, development aids, and the consent to extend a run past the end of
 * its schedule.
 *
 * @param configOverride applied to the experiment's configuration builder
 * @param runDirectory where the run writes, or empty for the experiment's own
 * @param callbacks added after the experiment's callbacks (the trainer orders all of them by {@code order()})
 * @param development fast dev run, overfitting, batch limit, sanity validation
 * @param scheduleOnExtension what a resume with more epochs does with a schedule that would pass its end
 */
public record RunOptions(UnaryOperator<TrainerConfig.Builder> configOverride, Optional<Path> runDirectory,
    List<Callback> callbacks, DevelopmentOptions development, ScheduleOnExtension scheduleOnExtension) {

  public RunOptions {
    Objects.requireNonNull(configOverride, "configOverride");
    Objects.requireNonNull(runDirectory, "runDirectory");
    callbacks = List.copyOf(callbacks);
    Objects.requireNonNull(development, "development");
    Objects.requireNonNull(scheduleOnExtension, "scheduleOnExtension");
  }

  /** The experiment exactly as annotated. */
  public static RunOptions defaults() {
    return new RunOptions(UnaryOperator.identity(), Optional.empty(), List.of(), DevelopmentOptions.defaults(),
        ScheduleOnExtension.REFUSE);
  }

  public RunOptions withConfigOverride(UnaryOperator<TrainerConfig.Builder> override) {
    return new RunOptions(override, runDirectory, callbacks, development, scheduleOnExtension);
  }

  public RunOptions withRunDirectory(Path directory) {
    return new RunOptions(configOverride, Optional.of(directory), callbacks, development, scheduleOnExtension);
  }

  public RunOptions withCallbacks(List<Callback> added) {
    return new RunOptions(configOverride, runDirectory, added, development, scheduleOnExtension);
  }

  public RunOptions withDevelopment(DevelopmentOptions options) {
    return new RunOptions(configOverride, runDirectory, callbacks, options, scheduleOnExtension);
  }

  public RunOptions withScheduleOnExtension(ScheduleOnExtension choice) {
    return new RunOptions(configOverride, runDirectory, callbacks, development, choice);
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
