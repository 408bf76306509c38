package dev.ortrain.graph;

import com.google.protobuf.ByteString;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Converts between Java arrays and ONNX {@code TensorProto}s (little-endian raw data, as ONNX requires). */
public final class Tensors {
  private Tensors() {}

  public static TensorProto floats(String name, long[] dims, float... values) {
    checkCount(name, dims, values.length);
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    return raw(name, DataType.FLOAT, dims, buf.array());
  }

  public static TensorProto int64s(String name, long[] dims, long... values) {
    checkCount(name, dims, values.length);
    ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    buf.asLongBuffer().put(values);
    return raw(name, DataType.INT64, dims, buf.array());
  }

  public static TensorProto bools(String name, long[] dims, boolean... values) {
    checkCount(name, dims, values.length);
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) (values[i] ? 1 : 0);
    }
    return raw(name, DataType.BOOL, dims, bytes);
  }

  public static TensorProto raw(String name, DataType type, long[] dims, byte[] littleEndian) {
    TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(type.onnxCode());
    for (long d : dims) {
      b.addDims(d);
    }
    return b.setRawData(ByteString.copyFrom(littleEndian)).build();
  }

  /** Element count of a tensor from its dims. */
  public static long elementCount(TensorProto t) {
    long n = 1;
    for (long d : t.getDimsList()) {
      n *= d;
    }
    return n;
  }

  public static long[] dims(TensorProto t) {
    return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * The tensor's data as little-endian bytes, whichever field holds it.
   *
   * @param baseDir directory against which external data locations resolve (may be null)
   */
  public static byte[] littleEndianBytes(TensorProto t, Path baseDir) {
    DataType type = DataType.fromOnnx(t.getDataType());
    long count = elementCount(t);
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      return externalBytes(t, baseDir, count * type.byteSize());
    }
    if (t.hasRawData()) {
      byte[] raw = t.getRawData().toByteArray();
      if (raw.length != count * type.byteSize()) {
        throw new IllegalArgumentException("Tensor '" + t.getName() + "' has " + raw.length
            + " bytes of data but its dims " + t.getDimsList() + " need " + count * type.byteSize());
      }
      return raw;
    }
    ByteBuffer buf = ByteBuffer.allocate((int) (count * type.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
    switch (type) {
      case FLOAT -> t.getFloatDataList().forEach(buf::putFloat);
      case DOUBLE -> t.getDoubleDataList().forEach(buf::putDouble);
      case INT64 -> t.getInt64DataList().forEach(buf::putLong);
      case INT32 -> t.getInt32DataList().forEach(buf::putInt);
      case BOOL, UINT8, INT8 -> t.getInt32DataList().forEach(v -> buf.put((byte) (int) v));
      case FLOAT16, BFLOAT16 -> t.getInt32DataList().forEach(v -> buf.putShort((short) (int) v));
      default -> throw new IllegalArgumentException("Cannot read tensor '" + t.getName() + "' of type " + type);
    }
    if (buf.position() != buf.capacity()) {
      throw new IllegalArgumentException("Tensor '" + t.getName() + "' holds " + buf.position() / type.byteSize()
          + " values but its dims " + t.getDimsList() + " need " + count);
    }
    return buf.array();
  }

  /** Float contents of a FLOAT tensor. */
  public static float[] toFloats(TensorProto t) {
    if (t.getDataType() != DataType.FLOAT.onnxCode()) {
      throw new IllegalArgumentException("Tensor '" + t.getName() + "' is " + DataType.fromOnnx(t.getDataType())
          + ", not FLOAT");
    }
    byte[] bytes = littleEndianBytes(t, null);
    float[] out = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  /** Integer contents of an INT64 or INT32 tensor. */
  public static long[] toLongs(TensorProto t) {
    byte[] bytes = littleEndianBytes(t, null);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (t.getDataType() == DataType.INT64.onnxCode()) {
      long[] out = new long[bytes.length / 8];
      b.asLongBuffer().get(out);
      return out;
    }
    if (t.getDataType() == DataType.INT32.onnxCode()) {
      long[] out = new long[bytes.length / 4];
      for (int i = 0; i < out.length; i++) {
        out[i] = b.getInt();
      }
      return out;
    }
    throw new IllegalArgumentException("Tensor '" + t.getName() + "' is not an integer tensor");
  }

  /** Rewrites a tensor so that its data sits inline in {@code raw_data}. */
  public static TensorProto inline(TensorProto t, Path baseDir) {
    if (t.hasRawData() && t.getDataLocation() != TensorProto.DataLocation.EXTERNAL) {
      return t;
    }
    return raw(t.getName(), DataType.fromOnnx(t.getDataType()), dims(t), littleEndianBytes(t, baseDir));
  }

  private static byte[] externalBytes(TensorProto t, Path baseDir, long expected) {
    Map<String, String> info = new java.util.HashMap<>();
    t.getExternalDataList().forEach(e -> info.put(e.getKey(), e.getValue()));
    String location = info.get("location");
    if (location == null || baseDir == null) {
      throw new IllegalArgumentException("Tensor '" + t.getName() + "' keeps its data in an external file ("
          + location + ") that cannot be resolved; load the model from its file so that the directory is known");
    }
    long offset = Long.parseLong(info.getOrDefault("offset", "0"));
    long length = Long.parseLong(info.getOrDefault("length", Long.toString(expected)));
    Path file = baseDir.resolve(location);
    try (var ch = java.nio.channels.FileChannel.open(file)) {
      ByteBuffer buf = ByteBuffer.allocate((int) length);
      while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
        // keep reading
      }
      if (buf.hasRemaining() || length != expected) {
        throw new IllegalArgumentException("External data of tensor '" + t.getName() + "' in " + file
            + " is " + buf.position() + " bytes, expected " + expected);
      }
      return buf.array();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read external data of tensor '" + t.getName() + "' from " + file, e);
    }
  }

  private static void checkCount(String name, long[] dims, int count) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    if (n != count) {
      throw new IllegalArgumentException("Tensor '" + name + "': dims " + java.util.Arrays.toString(dims)
          + " hold " + n + " values, got " + count);
    }
  }

  static boolean exists(Path p) {
    return Files.exists(p);
  }
}
