package dev.ortrain.checkpoint;

import dev.ortrain.graph.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A named tensor as ONNX Runtime's checkpoint stores it: element type, dims and little-endian row-major bytes.
 */
public record NamedTensor(String name, DataType dataType, long[] dims, byte[] data) {

  public NamedTensor {
    long count = 1;
    for (long d : dims) {
      count *= d;
    }
    if (count * dataType.byteSize() != data.length) {
      throw new IllegalArgumentException("Tensor '" + name + "' with dims " + Arrays.toString(dims) + " of "
          + dataType + " needs " + count * dataType.byteSize() + " bytes, got " + data.length);
    }
    dims = dims.clone();
  }

  public static NamedTensor ofFloats(String name, long[] dims, float[] values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    return new NamedTensor(name, DataType.FLOAT, dims, buf.array());
  }

  public long elementCount() {
    return data.length / dataType.byteSize();
  }

  public float[] toFloats() {
    if (dataType != DataType.FLOAT) {
      throw new IllegalStateException("Tensor '" + name + "' is " + dataType + ", not FLOAT");
    }
    float[] out = new float[data.length / 4];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  @Override
  public long[] dims() {
    return dims.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NamedTensor t && name.equals(t.name) && dataType == t.dataType
        && Arrays.equals(dims, t.dims) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return name + ":" + dataType + Arrays.toString(dims);
  }
}
