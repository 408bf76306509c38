package dev.ortrain.spark.parallel;

import dev.ortrain.cli.DataParallelRecipe;
import dev.ortrain.cli.cluster.DataParallelism;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.Trainer;
import java.time.Duration;
import java.util.Optional;

/**
 * One worker of a data-parallel run, in its barrier task or on a parked worker's thread ({@code --exchange tree}):
 * builds its trainer on its shard, resumes when asked or after a loss (from the newest checkpoint all workers have),
 * and trains to the end, averaging through the exchange.
 */
final class WorkerTask {
  /** How long a retried worker waits for the lost attempt of itself to let go of its run folder. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(60);
  private static final Duration LOCK_POLL = Duration.ofMillis(200);

  private final DataParallelRecipe recipe;
  private final DataParallelism parallelism;
  private final int worker;
  private final Duration lockWait;

  WorkerTask(DataParallelRecipe recipe, DataParallelism parallelism, int worker, Duration lockWait) {
    this.recipe = recipe;
    this.parallelism = parallelism;
    this.worker = worker;
    this.lockWait = lockWait;
  }

  /**
   * @param resume whether to go on from the newest checkpoint all workers have
   * @param retried whether Spark runs this worker again after a lost attempt, which may still hold the run folder
   */
  FitResult train(Exchange exchange, boolean resume, boolean retried) {
    return train(exchange, resume ? CommonCheckpoint.newest(recipe, parallelism.workers()) : Optional.empty(),
        retried);
  }

  /**
   * @param from the common checkpoint to go on from, or empty to start from the beginning
   * @param retried whether an earlier attempt of this worker may still hold the run folder
   */
  FitResult train(Exchange exchange, Optional<String> from, boolean retried) {
    int batchSize = recipe.batchSize();
    try (Trainer trainer = recipe.workerTrainer(worker,
        data -> new BatchShard(data, worker, parallelism.workers(), batchSize),
        new Averaging(exchange, parallelism.averageEvery()))) {
      if (retried) {
        openOnceReleased(trainer);
      }
      from.ifPresent(name -> trainer.restore(recipe.checkpoints(worker).resolve(name)));
      return trainer.fit();
    }
  }

  /**
   * Opens the trainer, waiting while its run folder is held: a retried stage can start before the lost attempt's
   * task of this worker, on another executor, has closed its trainer.
   */
  private void openOnceReleased(Trainer trainer) {
    long deadline = System.nanoTime() + lockWait.toNanos();
    while (true) {
      try {
        trainer.open();
        return;
      } catch (IllegalStateException held) {
        if (System.nanoTime() > deadline) {
          throw held;
        }
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(LOCK_POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the run folder", e);
    }
  }
}
