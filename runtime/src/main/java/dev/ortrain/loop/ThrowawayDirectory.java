package dev.ortrain.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** A temporary directory a fast dev run writes in instead of its run directory, deleted when the run closes. */
final class ThrowawayDirectory {
  private final Path path;

  private ThrowawayDirectory(Path path) {
    this.path = path;
  }

  static ThrowawayDirectory none() {
    return new ThrowawayDirectory(null);
  }

  static ThrowawayDirectory create(String prefix) {
    try {
      return new ThrowawayDirectory(Files.createTempDirectory(prefix));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary directory for the fast dev run (" + e.getMessage()
          + "); check that java.io.tmpdir is writable", e);
    }
  }

  Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /** Deletes the directory and everything in it; a no-op for {@link #none()}. */
  void delete() {
    if (path == null || !Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      files.sorted(Comparator.reverseOrder()).forEach(Trainer::deleteQuietly);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the fast dev run's temporary directory " + path, e);
    }
  }
}
