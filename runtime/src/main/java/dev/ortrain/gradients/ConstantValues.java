package dev.ortrain.gradients;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.AttributeProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;

/**
 * Reads values that are fixed when the graph is built: initializers and outputs of {@code Constant} nodes
 * (PyTorch exports axes, ratios and exponents as the latter).
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
      if (n.getOpType().equals("Constant") && n.getDomain().isEmpty() && n.getOutput(0).equals(value)) {
        return fromConstantNode(n);
      }
    }
    return null;
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
