package dev.ortrain.tracking.tensorboard;

import dev.ortrain.tracking.tensorboard.proto.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One TensorBoard event file, {@code events.out.tfevents.<seconds>.<host>} (with {@code .1}, {@code .2}, ...
 * when a file of that name exists), which TensorBoard reads after the older files of its directory. Events are
 * kept in memory and appended to the file on {@link #flush()} (or once a megabyte waits): the file is opened,
 * appended to and closed each time, so no handle outlives a failed fit and a killed process leaves every
 * flushed event readable.
 */
final class EventFile {
  static final String PREFIX = "events.out.tfevents.";
  private static final int FLUSH_BYTES = 1 << 20;

  private final Path path;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  private EventFile(Path path) {
    this.path = path;
  }

  /** A new file in {@code directory} (created if needed), holding the file version event. */
  static EventFile create(Path directory, double wallTime) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the TensorBoard directory " + directory, e);
    }
    String name = PREFIX + (long) wallTime + "." + hostName();
    Path path = directory.resolve(name);
    for (int n = 1; Files.exists(path); n++) {
      path = directory.resolve(name + "." + n);
    }
    EventFile file = new EventFile(path);
    file.write(Events.fileVersion(wallTime));
    file.flush();
    return file;
  }

  /** Deletes the event files in {@code directory}, if there are any. */
  static void deleteAll(Path directory) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*")) {
      for (Path file : files) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the earlier TensorBoard event files in " + directory
          + "; delete them by hand or write to another directory", e);
    }
  }

  void write(Event event) {
    pending.writeBytes(TfRecord.frame(event.toByteArray()));
    if (pending.size() >= FLUSH_BYTES) {
      flush();
    }
  }

  void flush() {
    try {
      Files.write(path, pending.toByteArray(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the TensorBoard event file " + path, e);
    }
    pending.reset();
  }

  Path path() {
    return path;
  }

  /** The host's name as TensorFlow puts it in file names; "localhost" where the host cannot name itself. */
  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
