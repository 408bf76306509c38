package dev.ortrain.layout;

import dev.ortrain.graph.Domains;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.Map;

/**
 * A graph whose value {@code h} [1, 16, 4, 4] a blocked Conv computes, for the tests of one {@link LayoutRewrite}
 * each: they add the node under test after it and rewrite at block 8, which every CPU size divides.
 */
final class ConvolvedGraph {
  static final TensorType FULL = TensorType.floats(Shape.of(1, 16, 4, 4));
  final GraphBuilder g = new GraphBuilder("convolved");
  final String h;

  ConvolvedGraph() {
    String x = g.input("x", FULL);
    String w = g.input("w", TensorType.floats(Shape.of(16, 16, 3, 3)));
    h = g.node("Conv").inputs(x, w).ints("pads", 1, 1, 1, 1).output("h");
    g.valueType(h, FULL);
  }

  /** Declares {@code value} a graph output of type {@code type}. */
  ConvolvedGraph output(String value, TensorType type) {
    g.output(value, type);
    return this;
  }

  ModelProto blocked() {
    return BlockedLayout.rewrite(OnnxModels.model(g.build(), Map.of()), 8);
  }

  /** The node that defines {@code value} in the graph as built so far. */
  NodeProto definition(String value) {
    return g.nodes().stream().filter(n -> n.getOutputList().contains(value)).findFirst().orElseThrow();
  }

  /** The node of {@code model} that defines {@code value}. */
  static NodeProto producer(ModelProto model, String value) {
    return model.getGraph().getNodeList().stream().filter(n -> n.getOutputList().contains(value)).findFirst()
        .orElseThrow(() -> new AssertionError("nothing defines " + value));
  }

  static long nchwc(ModelProto model, String op) {
    return model.getGraph().getNodeList().stream()
        .filter(n -> n.getDomain().equals(Domains.NCHWC) && n.getOpType().equals(op)).count();
  }
}
