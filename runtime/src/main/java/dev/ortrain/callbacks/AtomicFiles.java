package dev.ortrain.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces a file in one step: written beside it as {@code <name>.part}, then moved over it. A failed write
 * (a full disk) removes the part file and says why, so that neither a stale part nor a half file remains.
 */
public final class AtomicFiles {
  /** Writes the content of the file to the path it is given. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(Path path) throws IOException;
  }

  private AtomicFiles() {}

  /** @param what the file's role, for the message ("the best weights", "the metrics") */
  public static void replace(Path file, String what, Writer writer) {
    Path part = file.resolveSibling(file.getFileName() + ".part");
    try {
      writer.writeTo(part);
      Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw failed(file, what, part, e);
    } catch (UncheckedIOException e) {
      throw failed(file, what, part, e.getCause());
    }
  }

  private static UncheckedIOException failed(Path file, String what, Path part, IOException cause) {
    try {
      Files.deleteIfExists(part);
    } catch (IOException ignored) {
      // the failure below is the one to report
    }
    String reason = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
    return new UncheckedIOException("Cannot write " + what + " to " + file + ": " + reason, cause);
  }
}
