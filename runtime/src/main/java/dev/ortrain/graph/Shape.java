package dev.ortrain.graph;

import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A tensor shape whose dimensions are either known sizes or named symbols (the batch dimension, usually).
 * Immutable.
 */
public final class Shape {
  /** The symbol ortrain gives the batch dimension of inputs and activations. */
  public static final String BATCH = "batch";

  private final long[] sizes; // -1 where symbolic
  private final String[] symbols; // null where known

  private Shape(long[] sizes, String[] symbols) {
    this.sizes = sizes;
    this.symbols = symbols;
  }

  /** A fully known shape. */
  public static Shape of(long... dims) {
    for (long d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException("Dimension sizes must be >= 0, got " + Arrays.toString(dims));
      }
    }
    return new Shape(dims.clone(), new String[dims.length]);
  }

  /** A shape whose first dimension is the symbolic batch and whose other dimensions are known. */
  public static Shape batched(long... perSample) {
    long[] sizes = new long[perSample.length + 1];
    String[] symbols = new String[perSample.length + 1];
    sizes[0] = -1;
    symbols[0] = BATCH;
    for (int i = 0; i < perSample.length; i++) {
      if (perSample[i] < 0) {
        throw new IllegalArgumentException("Dimension sizes must be >= 0, got " + Arrays.toString(perSample));
      }
      sizes[i + 1] = perSample[i];
    }
    return new Shape(sizes, symbols);
  }

  /** Converts from ONNX; a dimension with neither value nor name becomes a fresh symbol. */
  public static Shape fromProto(TensorShapeProto proto) {
    int rank = proto.getDimCount();
    long[] sizes = new long[rank];
    String[] symbols = new String[rank];
    for (int i = 0; i < rank; i++) {
      TensorShapeProto.Dimension d = proto.getDim(i);
      if (d.hasDimValue()) {
        sizes[i] = d.getDimValue();
      } else {
        sizes[i] = -1;
        symbols[i] = d.hasDimParam() && !d.getDimParam().isEmpty() ? d.getDimParam() : "?" + i;
      }
    }
    return new Shape(sizes, symbols);
  }

  public TensorShapeProto toProto() {
    TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
    for (int i = 0; i < sizes.length; i++) {
      if (symbols[i] != null) {
        b.addDimBuilder().setDimParam(symbols[i]);
      } else {
        b.addDimBuilder().setDimValue(sizes[i]);
      }
    }
    return b.build();
  }

  public int rank() {
    return sizes.length;
  }

  public boolean isKnown(int axis) {
    return symbols[axis] == null;
  }

  /** The size of a known dimension. */
  public long size(int axis) {
    if (symbols[axis] != null) {
      throw new IllegalStateException("Dimension " + axis + " of " + this + " is symbolic");
    }
    return sizes[axis];
  }

  public String symbol(int axis) {
    return symbols[axis];
  }

  /** True when every dimension is known. */
  public boolean isStatic() {
    for (String s : symbols) {
      if (s != null) {
        return false;
      }
    }
    return true;
  }

  /** Product of the known dimensions from {@code fromAxis} on; fails on a symbolic one. */
  public long elementCount(int fromAxis) {
    long n = 1;
    for (int i = fromAxis; i < sizes.length; i++) {
      n *= size(i);
    }
    return n;
  }

  public long elementCount() {
    return elementCount(0);
  }

  /** The dimensions after the first one (the per-sample shape of a batched tensor). */
  public long[] perSample() {
    long[] out = new long[sizes.length - 1];
    for (int i = 1; i < sizes.length; i++) {
      out[i - 1] = size(i);
    }
    return out;
  }

  /** Known sizes with symbolic dimensions replaced by {@code symbolValue}. */
  public long[] resolve(long symbolValue) {
    long[] out = sizes.clone();
    for (int i = 0; i < out.length; i++) {
      if (symbols[i] != null) {
        out[i] = symbolValue;
      }
    }
    return out;
  }

  /** A shape with the same first dimension (kept symbolic if it is) and the given remaining dims. */
  public Shape withPerSample(long... perSample) {
    if (sizes.length == 0) {
      throw new IllegalStateException("A scalar shape has no batch dimension to keep");
    }
    long[] s = new long[perSample.length + 1];
    String[] y = new String[perSample.length + 1];
    s[0] = sizes[0];
    y[0] = symbols[0];
    for (int i = 0; i < perSample.length; i++) {
      s[i + 1] = perSample[i];
    }
    return new Shape(s, y);
  }

  /** Dimensions as written in messages: known sizes, or the symbol's name. */
  public List<Object> dims() {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      out.add(symbols[i] != null ? symbols[i] : (Object) sizes[i]);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape other
        && Arrays.equals(sizes, other.sizes)
        && Arrays.equals(symbols, other.symbols);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(sizes), Arrays.hashCode(symbols));
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < sizes.length; i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(symbols[i] != null ? symbols[i] : Long.toString(sizes[i]));
    }
    return b.append(']').toString();
  }
}
