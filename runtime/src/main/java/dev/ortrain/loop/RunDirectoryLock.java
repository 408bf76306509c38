package dev.ortrain.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One training run per run directory: two runs writing one folder would mix their metrics rows and
 * checkpoints. An exclusive lock on {@value #FILE} in the directory, which the operating system releases
 * when the process ends however it ends (SIGKILL included), so a killed run never blocks its resume. The
 * file says who holds it, for the message the next run gets.
 */
final class RunDirectoryLock implements AutoCloseable {
  static final String FILE = ".lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RunDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** @throws IllegalStateException when another run, in this process or another, holds the directory */
  static RunDirectoryLock acquire(Path runDirectory) {
    Path file = runDirectory.resolve(FILE);
    FileChannel channel = null;
    try {
      Files.createDirectories(runDirectory);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        channel.close();
        throw new IllegalStateException("The run directory " + runDirectory + " is in use by another training run ("
            + (holder.isEmpty() ? "holder unknown" : holder) + "). Two runs in one directory would mix their"
            + " metrics and checkpoints: wait for that run to end, or give this one another directory.");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("process " + ProcessHandle.current().pid() + ", since " + Instant.now())
          .getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
      return new RunDirectoryLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("Cannot lock the run directory " + runDirectory + " (" + e.getMessage() + ")", e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // another Trainer of this process holds it
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing was locked through it
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot release the lock of the run directory", e);
    }
  }
}
