package dev.ortrain.spark.parallel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Shares states through files in a folder that every worker reaches: at round r, each worker writes its state to
 * {@code round-r/worker-i} (under a temporary name, then moved into place, so that no one reads half a file) and
 * reads the others' as they appear. Each stage attempt has a folder of its own, so that a retried stage never reads
 * a lost attempt's rounds. Worker 0 deletes round r - 2 when it writes round r: by then every worker has written
 * round r - 1, so it has read all of round r - 2.
 */
final class FolderExchange implements Exchange {
  private static final Duration POLL = Duration.ofMillis(1);

  private final Path folder;
  private final int worker;
  private final int workers;
  private final Runnable stopIfKilled;
  private int round;

  /**
   * @param folder this stage attempt's own folder
   * @param stopIfKilled throws when Spark has killed this task (a lost peer failed the stage), which Spark does not
   *     always tell a waiting thread by interrupting it
   */
  FolderExchange(Path folder, int worker, int workers, Runnable stopIfKilled) {
    this.folder = folder;
    this.worker = worker;
    this.workers = workers;
    this.stopIfKilled = stopIfKilled;
  }

  @Override
  public float[] mean(float[] mine) {
    Path roundFolder = folder.resolve("round-" + round);
    try {
      Files.createDirectories(roundFolder);
      write(roundFolder.resolve("worker-" + worker), mine);
      List<float[]> states = new ArrayList<>(workers);
      for (int other = 0; other < workers; other++) {
        states.add(read(awaited(roundFolder.resolve("worker-" + other))));
      }
      if (worker == 0 && round >= 2) {
        deleteTree(folder.resolve("round-" + (round - 2)));
      }
      round++;
      return Averaging.mean(states);
    } catch (IOException e) {
      throw new UncheckedIOException("Exchanging states in " + roundFolder + " failed: " + e.getMessage(), e);
    }
  }

  private static void write(Path file, float[] state) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(state.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(state);
    Path part = file.resolveSibling(file.getFileName() + ".part");
    Files.write(part, bytes.array());
    Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static float[] read(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] state = new float[bytes.remaining() / Float.BYTES];
    bytes.asFloatBuffer().get(state);
    return state;
  }

  /** Waits for the file, or until Spark kills this task because a worker was lost and the stage failed. */
  private Path awaited(Path file) {
    while (!Files.exists(file)) {
      stopIfKilled.run();
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + file, e);
      }
    }
    return file;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
