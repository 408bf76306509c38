package dev.ortrain.gradients;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.List;

/**
 * Turns a forward graph into its training-mode form before differentiation: nodes whose gradient needs
 * values the inference form does not produce get them (MaxPool's indices, the loss's log-probabilities).
 */
public final class TrainingRewrite {
  private TrainingRewrite() {}

  public static void apply(GraphBuilder graph) {
    List<NodeProto> nodes = graph.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      NodeProto n = nodes.get(i);
      if (!n.getDomain().isEmpty()) {
        continue;
      }
      switch (n.getOpType()) {
        case "MaxPool" -> nodes.set(i, withSecondOutput(graph, n, "_indices", DataType.INT64));
        case "SoftmaxCrossEntropyLoss" -> nodes.set(i, withSecondOutput(graph, n, "_log_prob", DataType.FLOAT));
        default -> { }
      }
    }
  }

  private static NodeProto withSecondOutput(GraphBuilder graph, NodeProto n, String suffix, DataType type) {
    if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty()) {
      return n;
    }
    String name = graph.freshName(n.getOutput(0) + suffix);
    NodeProto.Builder b = n.toBuilder();
    if (b.getOutputCount() > 1) {
      b.setOutput(1, name);
    } else {
      b.addOutput(name);
    }
    TensorType first = graph.typeOf(n.getOutput(0));
    if (n.getOpType().equals("MaxPool") && first != null) {
      graph.valueType(name, new TensorType(type, first.shape()));
    }
    return b.build();
  }
}
