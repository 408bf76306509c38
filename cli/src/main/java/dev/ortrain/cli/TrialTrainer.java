package dev.ortrain.cli;

import dev.ortrain.callbacks.Callback;
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
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.Trainer;
import dev.ortrain.recording.Record;
import dev.ortrain.recording.Recording;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Trains a sweep's trial into its run folder as {@code run} would (everything recorded but the console, and
 * checkpoints every epoch unless the experiment writes its own), resuming it from its newest valid checkpoint when
 * an earlier run of the sweep stopped during it.
 */
final class TrialTrainer implements TrialRunner {
  private final ExperimentCatalog catalog;
  private final String experiment;
  private final SweepFolder folder;
  private final int threads;
  private final Recording recording;
  /** Receives nothing: a trial's own lines would interleave with the other trials'; the sweep reports each. */
  private final PrintWriter quiet = new PrintWriter(PrintWriter.nullWriter());

  /** @param notRecorded what trials leave out of their records besides the console (shared by the trials) */
  TrialTrainer(ExperimentCatalog catalog, String experiment, SweepFolder folder, int threads,
      List<Record> notRecorded) {
    this.catalog = catalog;
    this.experiment = experiment;
    this.folder = folder;
    this.threads = threads;
    this.recording = Recording.everything().without(Record.CONSOLE).without(notRecorded);
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
    List<Callback> callbacks = new ArrayList<>(List.of(monitoring));
    if (!setup.savesCheckpoints()) {
      callbacks.add(ModelCheckpoint.everyEpoch());
    }
    RunOptions options = setup.options(callbacks).withRecording(recording
        .withNote("experiment", setup.experiment().className())
        .withNote(RunFolder.OVERRIDES, setup.overrides().values())
        .withNote("trial", trial.id()));
    try (Trainer trainer = setup.experiment().create(options)) {
      if (hasCheckpoints(runFolder)) {
        trainer.restore(runFolder.dir());
      }
      FitResult result = trainer.fit();
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
