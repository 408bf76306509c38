package dev.ortrain.session;

import ai.onnxruntime.OrtEnvironment;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.layout.BlockedArtifacts;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.ort.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The artifacts as a session on its device opens them: on a CPU with the blocked layout on, the training model
 * specialized for this machine ({@link BlockedArtifacts}) in a temporary directory, which must outlive the
 * session opened on it and is deleted on {@link #close}; else the artifacts as they are.
 */
final class DeviceArtifacts implements AutoCloseable {
  private final ArtifactPaths paths;
  private final Path directory;

  private DeviceArtifacts(ArtifactPaths paths, Path directory) {
    this.paths = paths;
    this.directory = directory;
  }

  /**
   * @param training the training model of {@code paths}, already read
   */
  static DeviceArtifacts prepare(ArtifactPaths paths, ModelProto training, SessionConfig config, OrtEnvironment env) {
    boolean blockedLayout = config.device() instanceof Device.Cpu && config.tuning().blockedLayout();
    Optional<ModelProto> blocked = blockedLayout ? BlockedArtifacts.blockedTrainingModel(training, env)
        : Optional.empty();
    if (blocked.isEmpty()) {
      return new DeviceArtifacts(paths, null);
    }
    Path directory = null;
    try {
      directory = Files.createTempDirectory("ortrain-blocked");
      return new DeviceArtifacts(BlockedArtifacts.withTrainingModel(paths, blocked.get(), directory), directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the CPU-specialized training models", e);
    } catch (RuntimeException e) {
      deleteQuietly(directory);
      throw e;
    }
  }

  /** The artifacts to open. */
  ArtifactPaths paths() {
    return paths;
  }

  @Override
  public void close() {
    deleteQuietly(directory);
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      dir.toFile().deleteOnExit(); // a temporary directory; not worth failing the session for
    }
  }
}
