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
