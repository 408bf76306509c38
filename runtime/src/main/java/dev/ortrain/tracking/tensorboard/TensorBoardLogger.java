package dev.ortrain.tracking.tensorboard;

import dev.ortrain.tracking.ExperimentLogger;
import dev.ortrain.tracking.TrainingStart;
import dev.ortrain.tracking.tensorboard.proto.Status;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes TensorBoard event files: one per fit, in {@code <run directory>/}{@value #DIRECTORY} unless given
 * another directory. Each file holds the hyper-parameters for the hparams dashboard, the scalars, and at the
 * end the session's status. View them with {@code tensorboard --logdir <run directory or a folder of runs>}.
 *
 * <p>A new run (training from step 0) deletes the event files an earlier run left in the directory, as it
 * replaces the other metrics files. A resumed run adds a new file that starts with a session start one step
 * after its checkpoint's: TensorBoard then drops what the interrupted run logged after the checkpoint (its
 * Python reader on that event, its Rust reader per tag as the resumed run logs the same steps again), so each
 * step shows once, with the values of the run that continued. Files are flushed at every epoch's end; a killed
 * run leaves them readable up to its last finished epoch.
 */
public final class TensorBoardLogger implements ExperimentLogger {
  public static final String DIRECTORY = "tensorboard";

  private final Optional<Path> directory;
  private final InstantSource clock;
  private EventFile file;
  private long lastStep;

  /** Into {@code <run directory>/}{@value #DIRECTORY}. */
  public TensorBoardLogger() {
    this(Optional.empty(), InstantSource.system());
  }

  /** Into {@code directory}, which TensorBoard then shows as one run. */
  public TensorBoardLogger(Path directory) {
    this(Optional.of(directory), InstantSource.system());
  }

  TensorBoardLogger(Optional<Path> directory, InstantSource clock) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The directory the files go to for a run writing into {@code runDirectory}. */
  public Path directoryFor(Path runDirectory) {
    return directory.orElse(runDirectory.resolve(DIRECTORY));
  }

  @Override
  public void start(TrainingStart start) {
    Path target = directoryFor(start.runDirectory());
    if (!start.resumed()) {
      EventFile.deleteAll(target); // a new run's curves must not continue an earlier run's
    }
    double now = now();
    file = EventFile.create(target, now);
    if (start.resumed()) {
      file.write(Events.sessionStart(now, start.globalStep() + 1)); // keeps the checkpoint's step itself
    }
    file.write(Events.summary(now, start.globalStep(), HParamsPlugin.sessionStart(start.hyperParameters(), now)));
    file.flush();
    lastStep = start.globalStep();
  }

  @Override
  public void logScalars(long step, Map<String, Double> scalars) {
    requireStarted().write(Events.scalars(now(), step, scalars));
    lastStep = step;
  }

  @Override
  public void flush() {
    requireStarted().flush();
  }

  @Override
  public void close() {
    if (file == null) {
      return;
    }
    double now = now();
    file.write(Events.summary(now, lastStep, HParamsPlugin.sessionEnd(Status.STATUS_SUCCESS, now)));
    file.flush();
    file = null;
  }

  private EventFile requireStarted() {
    if (file == null) {
      throw new IllegalStateException("The TensorBoard logger is not started: call start(...) first (the"
          + " TrackingCallback does it when training begins), and log nothing after close()");
    }
    return file;
  }

  private double now() {
    return clock.millis() / 1000.0;
  }
}
