package dev.ortrain.data;

import dev.ortrain.graph.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Fashion-MNIST (Zalando): 28×28 grey-scale images of 10 clothing classes, in the original file layout
 * ({@code train-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz}, ...; plain or gzip).
 */
public final class FashionMnist {
  public static final int CLASSES = 10;
  public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
  /** Pixel mean and standard deviation of the training set after scaling to [0, 1], for normalization. */
  public static final float MEAN = 0.2860f;
  public static final float STD = 0.3530f;

  private FashionMnist() {}

  /**
   * Loads a split from {@code dir}: field {@code image} (float [1, 28, 28], pixels in [0, 1]) and field
   * {@code label} (int64 class index 0..9).
   */
  public static IdxDataset load(Path dir, Split split) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("Fashion-MNIST directory " + dir.toAbsolutePath() + " does not exist;"
          + " it should hold the four files of https://github.com/zalandoresearch/fashion-mnist");
    }
    String prefix = split == Split.TRAIN ? "train" : "t10k";
    Path images = find(dir, prefix + "-images-idx3-ubyte", split);
    Path labels = find(dir, prefix + "-labels-idx1-ubyte", split);
    IdxDataset data = IdxDataset.read(images, labels);
    List<FieldSpec> fields = data.fields();
    if (!fields.get(0).sampleShape().equals(Shape.of(1, 28, 28))) {
      throw new IllegalArgumentException(images + " holds images of shape " + fields.get(0).sampleShape()
          + "; Fashion-MNIST images are 28×28");
    }
    int classes = data.classCount();
    if (classes > CLASSES) {
      throw new IllegalArgumentException(labels + " holds label " + (classes - 1) + "; Fashion-MNIST labels are 0.."
          + (CLASSES - 1));
    }
    return data;
  }

  private static Path find(Path dir, String name, Split split) {
    Path gz = dir.resolve(name + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path plain = dir.resolve(name);
    if (Files.isRegularFile(plain)) {
      return plain;
    }
    throw new IllegalArgumentException("Fashion-MNIST " + split.name().toLowerCase(Locale.ROOT)
        + " file missing: neither " + gz.getFileName() + " nor " + plain.getFileName() + " is in "
        + dir.toAbsolutePath());
  }
}
