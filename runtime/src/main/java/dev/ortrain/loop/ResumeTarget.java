package dev.ortrain.loop;

import dev.ortrain.checkpoint.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** What a resume starts from: a checkpoint directory as given, or the newest valid checkpoint of a run directory. */
final class ResumeTarget {
  /** The folder of a run directory that holds its checkpoints. */
  static final String CHECKPOINTS = "checkpoints";

  private ResumeTarget() {}

  /**
   * @param log receives a line for each newer checkpoint that was skipped, with why
   * @throws IllegalArgumentException when {@code path} is neither, or a run directory has no valid checkpoint
   */
  static Path checkpointOf(Path path, Consumer<String> log) {
    if (Files.isRegularFile(path.resolve(CheckpointStore.MANIFEST))) {
      return path;
    }
    Path checkpoints = path.resolve(CHECKPOINTS);
    if (!Files.isDirectory(checkpoints) && Files.exists(path.resolve(RunDirectoryLock.FILE))) {
      throw new IllegalArgumentException("The run directory " + path + " has no checkpoint yet: the run stopped"
          + " before writing its first one. Start it again without resuming.");
    }
    if (!Files.isDirectory(checkpoints)) {
      throw new IllegalArgumentException(path + " is neither a checkpoint (it has no " + CheckpointStore.MANIFEST
          + ") nor a run directory (it has no " + CHECKPOINTS + "/ folder); give a checkpoint directory, or the run"
          + " directory to resume from its newest valid checkpoint");
    }
    List<String> skipped = new ArrayList<>();
    Path newest = new CheckpointStore(checkpoints).latestValid(reason -> {
      skipped.add(reason);
      log.accept("Skipped a checkpoint of " + path + ": " + reason);
    }).orElseThrow(() -> new IllegalArgumentException("The run directory " + path + " has no valid checkpoint to"
        + " resume from" + (skipped.isEmpty() ? " (" + checkpoints + " is empty)" : ": " + String.join("; ", skipped))));
    log.accept("Resuming " + path + " from its newest valid checkpoint, " + newest.getFileName());
    return newest;
  }
}
