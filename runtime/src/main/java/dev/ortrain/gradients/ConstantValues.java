package dev.ortrain.gradients;

import com.google.protobuf.ByteString;
import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.AttributeProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;

/**
 * Reads values that are fixed when the graph is built: initializers, outputs of {@code Constant} nodes
 * (PyTorch exports axes, ratios and exponents as the latter) and Concats of constant vectors.
 */
final class ConstantValues {
  private ConstantValues() {}

  /** The tensor behind {@code value}, or null when it is computed at run time. */
  static TensorProto find(GraphBuilder graph, String value) {
    if (value.isEmpty()) {
      return null;
    }
    if (graph.isInitializer(value)) {
      return graph.initializerOf(value);
    }
    for (NodeProto n : graph.nodes()) {
      if (n.getDomain().isEmpty() && n.getOutputCount() > 0 && n.getOutput(0).equals(value)) {
        return switch (n.getOpType()) {
          case "Constant" -> fromConstantNode(n);
          case "Concat" -> concatenated(graph, n);
          default -> null;
        };
      }
    }
    return null;
  }

  /**
   * A Concat of constant vectors (float or int64), as exports without constant folding build Resize's scales;
   * null when a piece is not constant or not a vector.
   */
  private static TensorProto concatenated(GraphBuilder graph, NodeProto concat) {
    TensorProto first = null;
    int count = 0;
    TensorProto[] pieces = new TensorProto[concat.getInputCount()];
    for (int i = 0; i < pieces.length; i++) {
      pieces[i] = find(graph, concat.getInput(i));
      if (pieces[i] == null || pieces[i].getDimsCount() != 1
          || (first != null && pieces[i].getDataType() != first.getDataType())) {
        return null;
      }
      first = first == null ? pieces[i] : first;
      count += Math.toIntExact(Tensors.elementCount(pieces[i]));
    }
    if (first == null) {
      return null;
    }
    DataType type = DataType.fromOnnx(first.getDataType());
    if (type != DataType.FLOAT && type != DataType.INT64) {
      return null;
    }
    ByteString.Output bytes = ByteString.newOutput();
    for (TensorProto p : pieces) {
      byte[] piece = Tensors.littleEndianBytes(p, null);
      bytes.write(piece, 0, piece.length);
    }
    return TensorProto.newBuilder().setName(concat.getOutput(0)).setDataType(first.getDataType()).addDims(count)
        .setRawData(bytes.toByteString()).build();
  }

  /** Integer contents of a constant, or null when {@code value} is not constant. */
  static long[] longs(GraphBuilder graph, String value) {
    TensorProto t = find(graph, value);
    return t == null ? null : Tensors.toLongs(t);
  }

  /** The single float of a constant scalar (or one-element tensor), or null when it is not constant. */
  static Float scalar(GraphBuilder graph, String value) {
    TensorProto t = find(graph, value);
    if (t == null || Tensors.elementCount(t) != 1) {
      return null;
    }
    DataType type = DataType.fromOnnx(t.getDataType());
    return switch (type) {
      case FLOAT -> Tensors.toFloats(t)[0];
      case INT64, INT32 -> (float) Tensors.toLongs(t)[0];
      default -> null;
    };
  }

  private static TensorProto fromConstantNode(NodeProto n) {
    String name = n.getOutput(0);
    for (AttributeProto a : n.getAttributeList()) {
      switch (a.getName()) {
        case "value":
          return a.getT();
        case "value_float":
          return Tensors.floats(name, new long[0], a.getF());
        case "value_floats":
          float[] fs = new float[a.getFloatsCount()];
          for (int i = 0; i < fs.length; i++) {
            fs[i] = a.getFloats(i);
          }
          return Tensors.floats(name, new long[] {fs.length}, fs);
        case "value_int":
          return Tensors.int64s(name, new long[0], a.getI());
        case "value_ints":
          return Tensors.int64s(name, new long[] {a.getIntsCount()},
              Attributes.getInts(n, "value_ints", new long[0]));
        default:
          break;
      }
    }
    return null;
  }
}
