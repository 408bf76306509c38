package dev.ortrain.spark.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.callbacks.Callback;
import dev.ortrain.checkpoint.CheckpointStore;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.cli.DataParallelRecipe;
import dev.ortrain.cli.cluster.DataParallelism;
import dev.ortrain.cli.cluster.StateExchange;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loop.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's start without Spark: waiting for its lost attempt's run folder, the checkpoint it resumes from, and its
 * own random stream.
 */
class WorkerTaskTest {
  private static final DataParallelism ALONE = new DataParallelism(1, 1, 1, StateExchange.BARRIER);
  private static final Exchange NO_PEERS = mine -> mine;

  @TempDir Path dir;

  private DataParallelRecipe recipe(int epochs) {
    return new DataParallelRecipe("dev.ortrain.spark.TinySparkExperiment", List.of("epochs=" + epochs, "threads=1"),
        "", dir.toString(), List.of());
  }

  @Test
  void aRetriedWorkerWaitsForItsLostAttemptToLetGoOfTheRunFolder() throws InterruptedException {
    Trainer lostAttempt = recipe(1).workerTrainer(0, data -> data, new Callback() {}).open();
    Thread letGo = new Thread(() -> {
      pause(Duration.ofMillis(600));
      lostAttempt.close();
    });
    letGo.start();
    FitResult result = new WorkerTask(recipe(1), ALONE, 0, Duration.ofSeconds(30)).train(NO_PEERS, false, true);
    letGo.join();
    assertEquals(1, result.epochsCompleted());
  }

  @Test
  void aRetriedWorkerWhoseFolderStaysHeldGivesUpWithTheLocksMessage() {
    try (Trainer lostAttempt = recipe(1).workerTrainer(0, data -> data, new Callback() {}).open()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> new WorkerTask(recipe(1), ALONE, 0, Duration.ofMillis(500)).train(NO_PEERS, false, true));
      assertTrue(e.getMessage().contains("is in use by another training run"), e.getMessage());
    }
  }

  @Test
  void theRunResumesFromTheNewestCheckpointEveryWorkerHasWhole() throws IOException {
    for (int worker = 0; worker < 2; worker++) {
      // worker 1 is lost before its second epoch's checkpoint
      try (Trainer trainer = recipe(2 - worker).workerTrainer(worker, data -> data, new Callback() {})) {
        trainer.fit();
      }
    }
    List<Path> first = new CheckpointStore(recipe(2).checkpoints(0)).list();
    assertEquals(2, first.size());
    String firstEpoch = first.get(0).getFileName().toString();
    assertEquals(Optional.of(firstEpoch), CommonCheckpoint.newest(recipe(2), 2));

    Files.writeString(recipe(2).checkpoints(1).resolve(firstEpoch).resolve("model.ckpt"), "damaged");
    assertEquals(Optional.empty(), CommonCheckpoint.newest(recipe(2), 2));
  }

  @Test
  void workersStartFromTheSameWeightsButDrawTheirOwnDropoutMasks() {
    DataParallelRecipe recipe = new DataParallelRecipe("dev.ortrain.spark.AdamWSparkExperiment", List.of("epochs=1"),
        "", dir.toString(), List.of());
    List<OrtCheckpoint> initial = new ArrayList<>();
    List<OrtCheckpoint> trained = new ArrayList<>();
    for (int worker = 0; worker < 2; worker++) {
      // the same data in the same order for both, and no averaging: only their dropout masks tell them apart
      try (Trainer trainer = recipe.workerTrainer(worker, data -> data, new Callback() {})) {
        initial.add(trainer.state().snapshotParameters().checkpoint());
        trainer.fit();
        trained.add(trainer.state().snapshotParameters().checkpoint());
      }
    }
    assertEquals(initial.get(0).trainable(), initial.get(1).trainable());
    assertNotEquals(trained.get(0).trainable(), trained.get(1).trainable());
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
