package dev.ortrain.benchmarks.worker;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST as plain arrays, read the way a hand-written loop would: images as floats in [0, 1]
 * ({@code [n, 1, 28, 28]} flattened), labels as longs.
 */
record FashionMnistArrays(float[] images, long[] labels) {
  static final int PIXELS = 28 * 28;

  int size() {
    return labels.length;
  }

  static FashionMnistArrays load(Path dir, String prefix) throws IOException {
    byte[] pixels = read(dir, prefix + "-images-idx3-ubyte", 2051, 3);
    byte[] classes = read(dir, prefix + "-labels-idx1-ubyte", 2049, 1);
    float[] images = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      images[i] = (pixels[i] & 0xff) / 255f;
    }
    long[] labels = new long[classes.length];
    for (int i = 0; i < classes.length; i++) {
      labels[i] = classes[i];
    }
    if (images.length != labels.length * PIXELS) {
      throw new IOException(prefix + ": " + labels.length + " labels for " + images.length / PIXELS + " images");
    }
    return new FashionMnistArrays(images, labels);
  }

  private static byte[] read(Path dir, String name, int magic, int dims) throws IOException {
    Path plain = dir.resolve(name);
    Path gz = dir.resolve(name + ".gz");
    boolean zipped = !Files.exists(plain);
    Path file = zipped ? gz : plain;
    if (!Files.exists(file)) {
      throw new IOException("Neither " + plain + " nor " + gz + " exists; pass a Fashion-MNIST directory");
    }
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        DataInputStream in = new DataInputStream(zipped ? new GZIPInputStream(raw, 1 << 16) : raw)) {
      int m = in.readInt();
      if (m != magic) {
        throw new IOException(file + ": IDX magic " + m + ", expected " + magic);
      }
      long count = 1;
      for (int d = 0; d < dims; d++) {
        count *= in.readInt();
      }
      byte[] data = new byte[Math.toIntExact(count)];
      in.readFully(data);
      return data;
    }
  }
}
