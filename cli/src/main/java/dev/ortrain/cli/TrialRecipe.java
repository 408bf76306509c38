package dev.ortrain.cli;

import dev.ortrain.cli.sweep.SweepFolder;
import dev.ortrain.cli.sweep.TrialRunner;
import dev.ortrain.recording.Record;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * What a worker needs to rebuild a sweep's trial runner: the experiment's class name, the sweep folder (a path every
 * worker reaches, such as a shared file system's), the threads per trial and what the trials do not record. It is
 * data, so that it travels where a runner, which holds the experiments found on this class path, cannot.
 *
 * @param sweepFolder as a string, since {@link Path} is not serializable
 */
public record TrialRecipe(String experiment, String sweepFolder, int threads, List<Record> notRecorded)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public TrialRecipe {
    notRecorded = List.copyOf(notRecorded);
  }

  /** This recipe with {@code threads} per trial. */
  public TrialRecipe withThreads(int threads) {
    return new TrialRecipe(experiment, sweepFolder, threads, notRecorded);
  }

  /** The runner, with the experiments on the class path of the process that calls it. */
  public TrialRunner runner() {
    return trainer(ExperimentCatalog.onClassPath());
  }

  TrialTrainer trainer(ExperimentCatalog catalog) {
    return new TrialTrainer(catalog, experiment, new SweepFolder(Path.of(sweepFolder)), threads, notRecorded);
  }
}
