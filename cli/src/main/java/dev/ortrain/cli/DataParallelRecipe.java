package dev.ortrain.cli;

import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.ModelCheckpoint;
import dev.ortrain.data.Dataset;
import dev.ortrain.loop.RandomStream;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.Trainer;
import dev.ortrain.recording.Record;
import dev.ortrain.recording.Recording;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What a data-parallel worker needs to build its trainer where it runs: the experiment's class name, the settings
 * given to {@code run}, the device and the run folder (a path every worker reaches). Worker 0 trains in the run
 * folder and records what {@code run} records (but the console, which the driver prints); worker i trains in
 * {@code workers/worker-i} below it and records only its checkpoints, which a lost worker resumes from. Worker i draws
 * random stream i of the seed, so that the workers' dropout masks and augmentations differ.
 *
 * @param device as {@code --device} gives it, or empty for the experiment's own
 * @param runFolder as a string, since {@link Path} is not serializable
 */
public record DataParallelRecipe(String experiment, List<String> settings, String device, String runFolder,
    List<Record> notRecorded) implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String WORKERS = "workers";

  public DataParallelRecipe {
    settings = List.copyOf(settings);
    notRecorded = List.copyOf(notRecorded);
  }

  /** Where worker {@code worker} (from 0) trains. */
  public Path workerFolder(int worker) {
    Path root = Path.of(runFolder);
    return worker == 0 ? root : root.resolve(WORKERS).resolve("worker-" + worker);
  }

  /** The checkpoints folder of worker {@code worker}. */
  public Path checkpoints(int worker) {
    return new RunFolder(workerFolder(worker)).checkpoints();
  }

  /** Each worker's batch size, as the settings make it. */
  public int batchSize() {
    return setup(0).config().batchSize();
  }

  /**
   * Worker {@code worker}'s trainer, on the part of the training data {@code shard} selects, with {@code averaging}
   * among its callbacks; built on the experiments of this process's class path.
   */
  public Trainer workerTrainer(int worker, UnaryOperator<Dataset> shard, Callback averaging) {
    RunSetup setup = setup(worker);
    List<Callback> callbacks = new ArrayList<>(List.of(averaging));
    if (!setup.savesCheckpoints()) {
      callbacks.add(ModelCheckpoint.everyEpoch());
    }
    Recording recording = worker == 0 ? Recording.everything().without(Record.CONSOLE).without(notRecorded)
        .withNote("experiment", setup.experiment().className())
        .withNote(RunFolder.OVERRIDES, setup.overrides().values()) : Recording.nothing();
    RunOptions options = setup.options(callbacks).withRecording(recording).withTrainDataView(shard)
        .withRandomStream(new RandomStream(worker));
    return setup.experiment().create(options);
  }

  private RunSetup setup(int worker) {
    return RunSetup.resolve(ExperimentCatalog.onClassPath(), experiment, settings, device.isEmpty() ? null : device,
        workerFolder(worker), null, new PrintWriter(PrintWriter.nullWriter()));
  }
}
