package dev.ortrain.data;

/**
 * The values of one field of one sample: a float[] or a long[] (per the field's type) sized for exactly one
 * sample. Loaders allocate these once and reuse them for every sample, so readers and transforms overwrite
 * them in full and never keep a reference.
 */
public final class FieldValues {
  private final FieldSpec spec;
  private final float[] floats;
  private final long[] longs;
  private final int[] dims; // cached: transforms read them for every sample

  public FieldValues(FieldSpec spec) {
    this.spec = spec;
    this.floats = spec.isFloat() ? new float[spec.elementCount()] : null;
    this.longs = spec.isFloat() ? null : new long[spec.elementCount()];
    long[] d = spec.dims();
    this.dims = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      dims[i] = (int) d[i];
    }
  }

  /** Rank of the per-sample shape. */
  public int rank() {
    return dims.length;
  }

  /** Size of one per-sample axis. */
  public int dim(int axis) {
    return dims[axis];
  }

  public FieldSpec spec() {
    return spec;
  }

  /** The float values; fails for an int64 field. */
  public float[] floats() {
    if (floats == null) {
      throw new IllegalStateException("Field '" + spec.name() + "' holds int64 values (" + spec
          + "); read them with longs()");
    }
    return floats;
  }

  /** The int64 values; fails for a float field. */
  public long[] longs() {
    if (longs == null) {
      throw new IllegalStateException("Field '" + spec.name() + "' holds float values (" + spec
          + "); read them with floats()");
    }
    return longs;
  }
}
