package dev.ortrain.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Samples held in Java arrays, one flat row-major array per field (sample after sample). The arrays are
 * taken over, not copied, because datasets are often hundreds of megabytes: do not change them afterwards.
 */
public final class ArrayDataset implements Dataset {
  private final int size;
  private final List<FieldSpec> fields;
  private final List<Object> columns; // float[] or long[] per field

  private ArrayDataset(int size, List<FieldSpec> fields, List<Object> columns) {
    this.size = size;
    this.fields = List.copyOf(fields);
    this.columns = List.copyOf(columns);
  }

  /** Starts a dataset of {@code size} samples; add at least one field. */
  public static Builder builder(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("A dataset cannot have a negative number of samples, got " + size);
    }
    return new Builder(size);
  }

  /**
   * Reads every sample of {@code source} once into arrays, so that assembling a batch becomes a plain copy —
   * worth it when a dataset converts on every read (IDX pixels to floats, CSV parsing) and fits in memory
   * (Fashion-MNIST's training images take 188 MB as floats). Field names, shapes and order are kept.
   */
  public static ArrayDataset copyOf(Dataset source) {
    int size = source.size();
    Builder b = builder(size);
    List<FieldSpec> specs = source.fields();
    for (int f = 0; f < specs.size(); f++) {
      FieldSpec spec = specs.get(f);
      int n = spec.elementCount();
      long total = (long) size * n;
      if (total > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("Field '" + spec.name() + "' of " + source + " holds " + total
            + " values, more than one Java array can; read it from its source per batch instead");
      }
      FieldValues values = new FieldValues(spec);
      if (spec.isFloat()) {
        float[] column = new float[(int) total];
        for (int i = 0; i < size; i++) {
          source.read(i, f, values);
          System.arraycopy(values.floats(), 0, column, i * n, n);
        }
        b.add(spec, column, column.length);
      } else {
        long[] column = new long[(int) total];
        for (int i = 0; i < size; i++) {
          source.read(i, f, values);
          System.arraycopy(values.longs(), 0, column, i * n, n);
        }
        b.add(spec, column, column.length);
      }
    }
    return b.build();
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public List<FieldSpec> fields() {
    return fields;
  }

  @Override
  public void read(int index, int field, FieldValues out) {
    int n = fields.get(field).elementCount();
    Object column = columns.get(field);
    if (column instanceof float[] floats) {
      System.arraycopy(floats, index * n, out.floats(), 0, n);
    } else {
      System.arraycopy((long[]) column, index * n, out.longs(), 0, n);
    }
  }

  /** Field {@code field}'s values of every sample, sample after sample: a float[] or a long[]. Not a copy. */
  Object column(int field) {
    return columns.get(field);
  }

  @Override
  public String toString() {
    return "ArrayDataset(" + size + " samples, " + fields + ")";
  }

  /** Collects the fields of an {@link ArrayDataset}. */
  public static final class Builder {
    private final int size;
    private final List<FieldSpec> fields = new ArrayList<>();
    private final List<Object> columns = new ArrayList<>();

    private Builder(int size) {
      this.size = size;
    }

    /** A float field: {@code values} holds size × product(sampleShape) values. */
    public Builder floats(String name, float[] values, long... sampleShape) {
      return add(FieldSpec.floats(name, sampleShape), values, values.length);
    }

    /** An int64 field (class indices): {@code values} holds size × product(sampleShape) values. */
    public Builder longs(String name, long[] values, long... sampleShape) {
      return add(FieldSpec.longs(name, sampleShape), values, values.length);
    }

    private Builder add(FieldSpec spec, Object values, int length) {
      for (FieldSpec f : fields) {
        if (f.name().equals(spec.name())) {
          throw new IllegalArgumentException("Field '" + spec.name() + "' is defined twice");
        }
      }
      long expected = (long) size * spec.elementCount();
      if (length != expected) {
        throw new IllegalArgumentException("Field '" + spec.name() + "' has " + length + " values, but " + size
            + " samples of shape " + spec.sampleShape() + " need " + expected);
      }
      fields.add(spec);
      columns.add(values);
      return this;
    }

    public ArrayDataset build() {
      if (fields.isEmpty()) {
        throw new IllegalStateException("An ArrayDataset needs at least one field; add one with floats() or longs()");
      }
      return new ArrayDataset(size, fields, columns);
    }
  }
}
