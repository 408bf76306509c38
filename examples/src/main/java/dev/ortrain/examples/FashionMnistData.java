package dev.ortrain.examples;

import dev.ortrain.data.IdxFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates Fashion-MNIST: a directory the user names, else Debian's dataset-fashion-mnist, else the subset
 * shipped in this module's resources (so the examples always run). Says which one it used.
 */
public record FashionMnistData(String source, IdxFile trainImages, IdxFile trainLabels, IdxFile testImages,
    IdxFile testLabels) {
  public static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");
  private static final String SUBSET = "/fashion-mnist-subset/";
  private static final String[] FILES = {
    "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz"
  };

  /**
   * Chooses the data when no directory is given: a directory path, or {@code subset} for the shipped subset
   * (the examples' tests use it so that they stay fast on machines with the full set).
   */
  public static final String DATA_PROPERTY = "ortrain.examples.fashionMnist";

  /**
   * Loads from {@code dir} when given (it must hold the four IDX files), else from the directory or subset
   * named by {@value #DATA_PROPERTY}, else the first place that has them.
   */
  public static FashionMnistData load(Path dir) {
    String chosen = System.getProperty(DATA_PROPERTY, "");
    if (dir == null && chosen.equals("subset")) {
      return fromResources();
    }
    if (dir == null && !chosen.isBlank()) {
      dir = Path.of(chosen);
    }
    if (dir != null) {
      if (!hasAll(dir)) {
        throw new IllegalArgumentException("Fashion-MNIST directory " + dir + " must contain " + String.join(", ", FILES));
      }
      return fromDirectory(dir, "directory " + dir);
    }
    if (hasAll(DEBIAN)) {
      return fromDirectory(DEBIAN, "full Fashion-MNIST from " + DEBIAN);
    }
    return fromResources();
  }

  private static boolean hasAll(Path dir) {
    for (String f : FILES) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        return false;
      }
    }
    return true;
  }

  private static FashionMnistData fromDirectory(Path dir, String source) {
    return new FashionMnistData(source, IdxFile.read(dir.resolve(FILES[0])), IdxFile.read(dir.resolve(FILES[1])),
        IdxFile.read(dir.resolve(FILES[2])), IdxFile.read(dir.resolve(FILES[3])));
  }

  private static FashionMnistData fromResources() {
    IdxFile[] files = new IdxFile[4];
    for (int i = 0; i < 4; i++) {
      String resource = SUBSET + FILES[i];
      try (InputStream in = FashionMnistData.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("The shipped Fashion-MNIST subset is missing from the class path: " + resource);
        }
        files[i] = IdxFile.read(in, resource);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + resource, e);
      }
    }
    return new FashionMnistData("shipped subset (" + files[0].count() + " train / " + files[2].count()
        + " test images; install Debian's dataset-fashion-mnist for the full set)", files[0], files[1], files[2],
        files[3]);
  }
}
