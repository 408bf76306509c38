package dev.ortrain.data;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Datasets whose values reveal which sample they came from, and readers for batch contents. */
final class TestData {
  private TestData() {}

  /** Field "x" = [i, 1000 + i] (float [2]) and field "y" = i (int64 scalar) for sample i. */
  static ArrayDataset indexed(int n) {
    float[] x = new float[2 * n];
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = i;
      x[2 * i + 1] = 1000 + i;
      y[i] = i;
    }
    return ArrayDataset.builder(n).floats("x", x, 2).longs("y", y).build();
  }

  /** Field "image" (float [c, h, w]) with pixel value = sample * 10000 + flat pixel index, and "label" = i % 10. */
  static ArrayDataset images(int n, int c, int h, int w) {
    int per = c * h * w;
    float[] pixels = new float[n * per];
    long[] labels = new long[n];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < per; p++) {
        pixels[i * per + p] = i * 10000 + p;
      }
      labels[i] = i % 10;
    }
    return ArrayDataset.builder(n).floats("image", pixels, c, h, w).longs("label", labels).build();
  }

  /** The int64 values of a batch field, copied out. */
  static long[] longs(Batch batch, String field) {
    LongBuffer b = batch.longs(field);
    long[] out = new long[b.remaining()];
    b.get(b.position(), out);
    return out;
  }

  /** The float values of a batch field, copied out. */
  static float[] floats(Batch batch, String field) {
    FloatBuffer b = batch.floats(field);
    float[] out = new float[b.remaining()];
    b.get(b.position(), out);
    return out;
  }

  /** The "y" values of the next {@code count} batches, each copied out. */
  static List<long[]> nextLabels(DataLoader loader, int count) {
    List<long[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(longs(loader.next(), "y"));
    }
    return out;
  }

  /** Every value of the next {@code count} batches, one string per batch, for comparing whole sequences. */
  static List<String> nextContents(DataLoader loader, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Batch b = loader.next();
      StringBuilder text = new StringBuilder("epoch " + b.epoch() + " @" + b.position());
      for (BatchField f : b.fields()) {
        text.append(' ').append(f.name()).append('=').append(f.spec().isFloat()
            ? Arrays.toString(floats(b, f.name())) : Arrays.toString(longs(b, f.name())));
      }
      out.add(text.toString());
    }
    return out;
  }
}
