package dev.ortrain.benchmarks.dl4j;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Fashion-MNIST read from IDX files (gzip or plain), as the protocol specifies: pixels byte / 255. */
final class FashionMnist {
  static final int ROWS = 28;
  static final int COLS = 28;
  static final int PIXELS = ROWS * COLS;
  static final int CLASSES = 10;

  /** One split: {@code count} images of 784 raw bytes each, row-major, and their labels 0..9. */
  record Split(int count, byte[] images, int[] labels) {
    /** Pixel {@code i} of the whole split as the protocol's float: byte / 255. */
    float pixel(int i) {
      return (images[i] & 0xff) / 255f;
    }
  }

  private FashionMnist() {}

  static Split load(Path dir, String prefix) throws IOException {
    byte[] images = readIdx(dir, prefix + "-images-idx3-ubyte", 2051);
    byte[] labels = readIdx(dir, prefix + "-labels-idx1-ubyte", 2049);
    int n = labels.length;
    if (images.length != (long) n * PIXELS) {
      throw new IOException(prefix + ": " + images.length + " pixel bytes for " + n + " labels");
    }
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = labels[i] & 0xff;
      if (y[i] >= CLASSES) {
        throw new IOException(prefix + ": label " + y[i] + " at " + i);
      }
    }
    return new Split(n, images, y);
  }

  /** Returns the payload (after the header) of an IDX file of unsigned bytes, checking magic and dimensions. */
  private static byte[] readIdx(Path dir, String name, int magic) throws IOException {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      file = dir.resolve(name + ".gz");
    }
    if (!Files.isRegularFile(file)) {
      throw new IOException("missing " + dir.resolve(name) + "[.gz]");
    }
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(raw, 1 << 16) : raw;
      DataInputStream data = new DataInputStream(in);
      int found = data.readInt();
      if (found != magic) {
        throw new IOException(file + ": magic " + found + ", expected " + magic);
      }
      int dims = magic & 0xff;
      long size = 1;
      int[] shape = new int[dims];
      for (int d = 0; d < dims; d++) {
        shape[d] = data.readInt();
        size *= shape[d];
      }
      if (dims == 3 && (shape[1] != ROWS || shape[2] != COLS)) {
        throw new IOException(file + ": images of " + shape[1] + "x" + shape[2]);
      }
      if (size > Integer.MAX_VALUE) {
        throw new IOException(file + ": too large");
      }
      byte[] payload = new byte[(int) size];
      data.readFully(payload);
      return payload;
    }
  }
}
