package dev.ortrain.data;

import dev.ortrain.graph.DataType;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Locale;

/**
 * One field of a batch: a direct, native-order buffer of exactly {@code batchSize × per-sample elements}
 * values and its shape {@code [batchSize, per-sample dims...]}, ready for {@code OnnxTensor.createTensor}
 * without a copy.
 *
 * <p>The loader reuses these objects: the same instance, over the same memory, comes back every time its
 * buffer slot is refilled with a batch of the same size. An engine may therefore cache the tensor it creates
 * over a field by identity. The contents are only valid until the loader's next {@code next()} call.
 */
public final class BatchField {
  private final FieldSpec spec;
  private final int batchSize;
  private final long[] shape;
  private final FloatBuffer floats;
  private final LongBuffer longs;

  BatchField(FieldSpec spec, int batchSize, FloatBuffer floats, LongBuffer longs) {
    this.spec = spec;
    this.batchSize = batchSize;
    long[] dims = spec.dims();
    this.shape = new long[dims.length + 1];
    shape[0] = batchSize;
    System.arraycopy(dims, 0, shape, 1, dims.length);
    this.floats = floats;
    this.longs = longs;
  }

  public String name() {
    return spec.name();
  }

  public DataType dataType() {
    return spec.dataType();
  }

  /** Name, type and per-sample shape. */
  public FieldSpec spec() {
    return spec;
  }

  public int batchSize() {
    return batchSize;
  }

  /** {@code [batchSize, per-sample dims...]}. */
  public long[] shape() {
    return shape.clone();
  }

  /** The values (position 0, limit = element count); fails for an int64 field. */
  public FloatBuffer floats() {
    if (floats == null) {
      throw new IllegalStateException("Field '" + name() + "' is int64 (" + spec + "); use longs()");
    }
    return floats;
  }

  /** The values (position 0, limit = element count); fails for a float field. */
  public LongBuffer longs() {
    if (longs == null) {
      throw new IllegalStateException("Field '" + name() + "' is float (" + spec + "); use floats()");
    }
    return longs;
  }

  /** Undoes position or limit changes a reader may have made, before the slot is handed out again. */
  void rewind() {
    if (floats != null) {
      floats.clear();
    } else {
      longs.clear();
    }
  }

  @Override
  public String toString() {
    return name() + ": " + dataType().name().toLowerCase(Locale.ROOT) + Arrays.toString(shape);
  }
}
