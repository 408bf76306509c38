package dev.ortrain.benchmarks.worker;

import dev.ortrain.data.IdxFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST as plain arrays, as a hand-written loop holds it: images as floats in [0, 1]
 * ({@code [n, 1, 28, 28]} flattened), labels as longs.
 */
record FashionMnistArrays(float[] images, long[] labels) {
  static final int PIXELS = 28 * 28;

  int size() {
    return labels.length;
  }

  /** Reads {@code <prefix>-images-idx3-ubyte} and {@code <prefix>-labels-idx1-ubyte} (gzip or plain). */
  static FashionMnistArrays load(Path dir, String prefix) throws IOException {
    IdxFile images = IdxFile.read(file(dir, prefix + "-images-idx3-ubyte"));
    IdxFile labels = IdxFile.read(file(dir, prefix + "-labels-idx1-ubyte"));
    if (images.itemSize() != PIXELS || images.count() != labels.count()) {
      throw new IOException(dir + ": " + labels.count() + " labels for " + images.count() + " images of "
          + images.itemSize() + " pixels; expected 28 x 28 Fashion-MNIST images, one label each");
    }
    return new FashionMnistArrays(images.toFloats(1f / 255f), labels.toLongs());
  }

  private static Path file(Path dir, String name) throws IOException {
    Path plain = dir.resolve(name);
    Path gz = dir.resolve(name + ".gz");
    if (Files.exists(plain)) {
      return plain;
    }
    if (Files.exists(gz)) {
      return gz;
    }
    throw new IOException("Neither " + plain + " nor " + gz + " exists; pass a Fashion-MNIST directory");
  }
}
