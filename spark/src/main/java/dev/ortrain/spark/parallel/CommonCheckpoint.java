package dev.ortrain.spark.parallel;

import dev.ortrain.checkpoint.CheckpointStore;
import dev.ortrain.checkpoint.CorruptCheckpointException;
import dev.ortrain.cli.DataParallelRecipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The checkpoint a data-parallel run resumes from: the newest one that every worker wrote whole, since the workers
 * write theirs at the same steps but a lost one may have stopped before writing its newest.
 */
final class CommonCheckpoint {
  private CommonCheckpoint() {}

  /** Its name, or empty when the workers have none in common (the run then starts from the beginning). */
  static Optional<String> newest(DataParallelRecipe recipe, int workers) {
    List<Path> first = new CheckpointStore(recipe.checkpoints(0)).list();
    for (int i = first.size() - 1; i >= 0; i--) {
      String name = first.get(i).getFileName().toString();
      if (everyWorkerHas(recipe, workers, name)) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  private static boolean everyWorkerHas(DataParallelRecipe recipe, int workers, String name) {
    for (int worker = 0; worker < workers; worker++) {
      Path checkpoint = recipe.checkpoints(worker).resolve(name);
      if (!Files.isDirectory(checkpoint)) {
        return false;
      }
      try {
        CheckpointStore.verify(checkpoint);
      } catch (CorruptCheckpointException e) {
        return false;
      }
    }
    return true;
  }
}
