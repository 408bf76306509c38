package dev.ortrain.spark.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.spark.parallel.ParkedWorker.StateOut;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-off between a parked worker's training thread (played here by a thread that calls {@link
 * ParkedWorker#mean} as the averaging callback does) and its rounds' tasks (played by the test's thread).
 */
class ParkedWorkerTest {
  private static final Runnable NOT_KILLED = () -> {};

  @TempDir Path dir;

  @Test
  void eachRoundsStateGoesOutAndItsMeanComesBackOnce() throws Exception {
    ParkedWorker worker = new ParkedWorker(0, dir.resolve("superseded-0"));
    float[] state = {1f, 2f};
    float[] average = {3f, 4f};
    CompletableFuture<float[]> training = CompletableFuture.supplyAsync(() -> worker.mean(state));
    assertSame(state, ((StateOut) worker.await(0, NOT_KILLED)).state());
    // the state of round 0 again, for a retried attempt of round 0
    assertSame(state, ((StateOut) worker.await(0, NOT_KILLED)).state());

    IllegalStateException early = assertThrows(IllegalStateException.class, () -> worker.handIn(1, average));
    assertTrue(early.getMessage().contains("The mean of round 1 came to a worker that has handed out 1 state(s) and"
        + " received 0 mean(s)"), early.getMessage());
    worker.handIn(0, average);
    worker.handIn(0, new float[] {9f, 9f}); // a retried attempt of round 1 hands the same round's mean in again
    assertArrayEquals(average, training.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aParkedWorkerStopsOnceItsGenerationIsMarkedSuperseded() throws IOException, InterruptedException {
    Path marker = dir.resolve("superseded-0");
    ParkedWorker worker = new ParkedWorker(0, marker);
    CompletableFuture<float[]> training = CompletableFuture.supplyAsync(() -> worker.mean(new float[] {1f}));
    worker.await(0, NOT_KILLED);
    assertThrows(TimeoutException.class, () -> training.get(3 * ParkedWorker.POLL.toMillis(), TimeUnit.MILLISECONDS));
    Files.writeString(marker, "");
    ExecutionException stopped = assertThrows(ExecutionException.class, () -> training.get(10, TimeUnit.SECONDS));
    assertInstanceOf(ParkedWorker.Superseded.class, stopped.getCause());
    assertEquals(0, worker.generation());
  }

  @Test
  void aKilledTaskStopsWaitingForItsWorker() {
    ParkedWorker worker = new ParkedWorker(0, dir.resolve("superseded-0"));
    IllegalStateException killed = new IllegalStateException("killed");
    assertSame(killed, assertThrows(IllegalStateException.class, () -> worker.await(0, () -> {
      throw killed;
    })));
  }
}
