package dev.ortrain.cli;

import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.MetricsFile;
import dev.ortrain.callbacks.ModelCheckpoint;
import dev.ortrain.cli.sweep.MonitorCallback;
import dev.ortrain.cli.sweep.SweepFolder;
import dev.ortrain.cli.sweep.SweepInputException;
import dev.ortrain.cli.sweep.Trial;
import dev.ortrain.cli.sweep.TrialMonitor;
import dev.ortrain.cli.sweep.TrialResult;
import dev.ortrain.cli.sweep.TrialRunner;
import dev.ortrain.cli.sweep.TrialStatus;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.Trainer;
import dev.ortrain.tracking.HyperParameters;
import dev.ortrain.tracking.TrackingCallback;
import dev.ortrain.tracking.tensorboard.TensorBoardLogger;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Trains a sweep's trial into its run folder as {@code run} would (configuration, metrics, checkpoints every epoch
 * unless the experiment writes its own, TensorBoard files, inference model, curves), resuming it from its newest valid checkpoint
 * when an earlier run of the sweep stopped during it.
 */
final class TrialTrainer implements TrialRunner {
  private final ExperimentCatalog catalog;
  private final String experiment;
  private final SweepFolder folder;
  private final int threads;
  private final boolean tensorBoard;
  /** Receives nothing: a trial's own lines would interleave with the other trials'; the sweep reports each. */
  private final PrintWriter quiet = new PrintWriter(PrintWriter.nullWriter());

  /** @param tensorBoard whether each trial writes TensorBoard event files, as {@code run} does by default */
  TrialTrainer(ExperimentCatalog catalog, String experiment, SweepFolder folder, int threads, boolean tensorBoard) {
    this.catalog = catalog;
    this.experiment = experiment;
    this.folder = folder;
    this.threads = threads;
    this.tensorBoard = tensorBoard;
  }

  /** Builds every trial's configuration, so that a combination the trainer refuses stops the sweep before it starts. */
  void requireValid(List<Trial> trials) {
    trials.forEach(this::setup);
  }

  private RunSetup setup(Trial trial) {
    List<String> settings = new ArrayList<>(trial.settings());
    settings.add("threads=" + threads);
    return RunSetup.resolve(catalog, experiment, settings, null, folder.trialDirectory(trial), null, quiet);
  }

  @Override
  public TrialResult run(Trial trial, TrialMonitor monitor) {
    try {
      return train(trial, monitor);
    } catch (SweepInputException e) {
      throw e;
    } catch (RuntimeException e) {
      return TrialResult.failed(trial, String.valueOf(e.getMessage()));
    }
  }

  private TrialResult train(Trial trial, TrialMonitor monitor) {
    RunSetup setup = setup(trial);
    RunFolder runFolder = setup.folder();
    MonitorCallback monitoring = new MonitorCallback(trial, monitor);
    List<Callback> callbacks = new ArrayList<>(List.of(new MetricsFile(), monitoring));
    if (!setup.savesCheckpoints()) {
      callbacks.add(ModelCheckpoint.everyEpoch());
    }
    if (tensorBoard) {
      // the trial's hyper-parameters side by side in TensorBoard's HParams dashboard: tensorboard --logdir <sweep>
      callbacks.add(new TrackingCallback(new TensorBoardLogger(), HyperParameters.of(setup.config())
          .with("experiment", setup.experiment().name()).with("configuration", trial.configuration().name())));
    }
    try (Trainer trainer = setup.experiment().create(setup.options(callbacks))) {
      if (hasCheckpoints(runFolder)) {
        trainer.restore(runFolder.dir());
      }
      runFolder.writeConfig(setup.experiment().className(),
          ConfigDescription.json(setup.config(), setup.settings(), setup.overrides().values()));
      FitResult result = trainer.fit();
      trainer.exportInferenceModel(runFolder.model());
      CurvePlot.write(setup.experiment().name() + " " + trial.id(), result.history(), runFolder.plot());
      return monitoring.stopReason()
          .map(reason -> new TrialResult(trial, TrialStatus.PRUNED, result.history(), reason))
          .orElseGet(() -> new TrialResult(trial, TrialStatus.COMPLETED, result.history(),
              result.stopReason().equals(FitResult.COMPLETED) ? "" : result.stopReason()));
    }
  }

  private static boolean hasCheckpoints(RunFolder runFolder) {
    Path checkpoints = runFolder.checkpoints();
    if (!Files.isDirectory(checkpoints)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(checkpoints)) {
      return entries.findAny().isPresent();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + checkpoints, e);
    }
  }
}
