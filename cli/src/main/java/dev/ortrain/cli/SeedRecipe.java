package dev.ortrain.cli;

import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.ModelCheckpoint;
import dev.ortrain.checkpoint.CheckpointStore;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.Trainer;
import dev.ortrain.recording.Record;
import dev.ortrain.recording.Recording;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One seed's run of {@code run --seeds} as data, so that a cluster's task can train it where it runs: the
 * experiment's class name, the settings (the seed among them), the device and the run folder (a path every worker
 * reaches). It records what {@code run} records but the console, which the driver prints.
 *
 * @param device as {@code --device} gives it, or empty for the experiment's own
 * @param runFolder as a string, since {@link Path} is not serializable
 */
public record SeedRecipe(String experiment, long seed, List<String> settings, String device, String runFolder,
    List<Record> notRecorded) implements Serializable {
  private static final long serialVersionUID = 1L;

  public SeedRecipe {
    settings = List.copyOf(settings);
    notRecorded = List.copyOf(notRecorded);
  }

  /**
   * Trains the seed's run, on the experiments of this process's class path; with {@code resume} from the newest
   * checkpoint of its run folder when it has one (a retried task goes on where the lost one stopped, or starts anew
   * when it was lost before its first checkpoint).
   */
  public FitResult train(boolean resume) {
    RunSetup setup = RunSetup.resolve(ExperimentCatalog.onClassPath(), experiment, settings,
        device.isEmpty() ? null : device, Path.of(runFolder), null, new PrintWriter(PrintWriter.nullWriter()));
    List<Callback> callbacks = new ArrayList<>();
    if (!setup.savesCheckpoints()) {
      callbacks.add(ModelCheckpoint.everyEpoch());
    }
    RunOptions options = setup.options(callbacks).withRecording(Recording.everything().without(Record.CONSOLE)
        .without(notRecorded).withNote("experiment", setup.experiment().className())
        .withNote(RunFolder.OVERRIDES, setup.overrides().values()));
    try (Trainer trainer = setup.experiment().create(options)) {
      if (resume && !new CheckpointStore(setup.folder().checkpoints()).list().isEmpty()) {
        trainer.restore(setup.folder().dir());
      }
      return trainer.fit();
    }
  }
}
