package dev.ortrain.graph;

/** Element types of ONNX tensors that ortrain reads or writes, numbered as in {@code onnx.TensorProto}. */
public enum DataType {
  FLOAT(1, 4),
  UINT8(2, 1),
  INT8(3, 1),
  INT32(6, 4),
  INT64(7, 8),
  BOOL(9, 1),
  FLOAT16(10, 2),
  DOUBLE(11, 8),
  BFLOAT16(16, 2);

  private final int onnxCode;
  private final int byteSize;

  DataType(int onnxCode, int byteSize) {
    this.onnxCode = onnxCode;
    this.byteSize = byteSize;
  }

  /** The {@code TensorProto.DataType} number (also used by ONNX Runtime's checkpoint format). */
  public int onnxCode() {
    return onnxCode;
  }

  public int byteSize() {
    return byteSize;
  }

  public static DataType fromOnnx(int code) {
    for (DataType t : values()) {
      if (t.onnxCode == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("Unsupported ONNX element type " + code
        + "; ortrain handles " + java.util.Arrays.toString(values()));
  }
}
