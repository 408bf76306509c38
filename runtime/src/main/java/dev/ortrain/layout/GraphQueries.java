package dev.ortrain.layout;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.AttributeProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link BlockedLayout} asks of the graph it rewrites, answered from the nodes as they were before the
 * rewrite: who reads a value, which values are constants, and which nodes have the simple forms the NCHWc
 * kernels compute alike.
 */
final class GraphQueries {
  private final GraphBuilder g;
  private final Map<String, List<NodeProto>> consumers = new HashMap<>();
  private final Map<String, NodeProto> producers = new HashMap<>();

  GraphQueries(GraphBuilder g) {
    this.g = g;
    for (NodeProto n : g.nodes()) {
      for (String in : n.getInputList()) {
        consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
      }
      for (String out : n.getOutputList()) {
        producers.put(out, n);
      }
    }
  }

  List<NodeProto> consumers(String value) {
    return consumers.getOrDefault(value, List.of());
  }

  /** The node that defines {@code value}, or null for a graph input or initializer. */
  NodeProto producer(String value) {
    return producers.get(value);
  }

  /** The one node that reads {@code value}, when it is not a graph output either; else null. */
  NodeProto soleConsumer(String value) {
    List<NodeProto> users = consumers(value);
    return users.size() == 1 && !isGraphOutput(value) ? users.get(0) : null;
  }

  boolean isGraphOutput(String value) {
    return g.outputs().stream().anyMatch(v -> v.getName().equals(value));
  }

  /** Whether every reader of {@code value} casts it to float (and it is no graph output). */
  boolean castsOnly(String value) {
    List<NodeProto> users = consumers(value);
    return !users.isEmpty() && !isGraphOutput(value) && users.stream().allMatch(u ->
        u.getOpType().equals("Cast") && u.getDomain().isEmpty()
            && Attributes.getInt(u, "to", 0) == DataType.FLOAT.onnxCode());
  }

  /** The shape input of the Reshape that produces {@code value}, or null. */
  String reshapeTarget(String value) {
    NodeProto n = producers.get(value);
    return n != null && n.getOpType().equals("Reshape") && n.getDomain().isEmpty() && n.getInputCount() == 2
        ? n.getInput(1) : null;
  }

  /** The values of a constant int64 initializer, or null. */
  long[] int64Constant(String value) {
    if (value == null || !g.isInitializer(value)) {
      return null;
    }
    TensorProto t = g.initializerOf(value);
    return t.getDataType() == DataType.INT64.onnxCode() ? Tensors.toLongs(t) : null;
  }

  /** Whether {@code value} holds one element (a constant, or a value of a static one-element shape). */
  boolean scalar(String value) {
    TensorProto init = g.isInitializer(value) ? g.initializerOf(value) : null;
    if (init != null) {
      return Tensors.elementCount(init) == 1;
    }
    TensorType t = g.typeOf(value);
    return t != null && t.shape().isStatic() && t.shape().elementCount() == 1;
  }

  /** [1, 1, sh, sw] for a nearest, floor, asymmetric Resize by constant integer factors; else null. */
  long[] nearestUpsampling(NodeProto n) {
    if (n.getInputCount() != 3 || !n.getInput(1).isEmpty() || !g.isInitializer(n.getInput(2))
        || !Attributes.getString(n, "mode", "nearest").equals("nearest")
        || !Attributes.getString(n, "coordinate_transformation_mode", "half_pixel").equals("asymmetric")
        || !Attributes.getString(n, "nearest_mode", "round_prefer_floor").equals("floor")) {
      return null;
    }
    TensorProto scales = g.initializerOf(n.getInput(2));
    if (scales.getDataType() != DataType.FLOAT.onnxCode() || Tensors.elementCount(scales) != 4) {
      return null;
    }
    float[] s = Tensors.toFloats(scales);
    long[] factors = new long[4];
    for (int i = 0; i < 4; i++) {
      factors[i] = (long) s[i];
      if (factors[i] != s[i] || factors[i] < 1 || (i < 2 && factors[i] != 1)) {
        return null;
      }
    }
    return factors;
  }

  /** 2-D pooling without padding, dilation, ceil mode or an indices output: what the NCHWc pools compute alike. */
  static boolean plainPool(NodeProto n) {
    long[] kernel = Attributes.getInts(n, "kernel_shape", null);
    if (kernel == null || kernel.length != 2 || (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty())) {
      return false;
    }
    for (long p : Attributes.getInts(n, "pads", new long[4])) {
      if (p != 0) {
        return false;
      }
    }
    for (long d : Attributes.getInts(n, "dilations", new long[] {1, 1})) {
      if (d != 1) {
        return false;
      }
    }
    String autoPad = Attributes.getString(n, "auto_pad", "NOTSET");
    return (autoPad.equals("NOTSET") || autoPad.equals("VALID")) && Attributes.getInt(n, "ceil_mode", 0) == 0
        && Attributes.getInt(n, "storage_order", 0) == 0;
  }

  static boolean hasGraphAttribute(NodeProto n) {
    return n.getAttributeList().stream().anyMatch(a -> a.getType() == AttributeProto.AttributeType.GRAPH
        || a.getType() == AttributeProto.AttributeType.GRAPHS);
  }
}
