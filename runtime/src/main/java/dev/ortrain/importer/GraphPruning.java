package dev.ortrain.importer;

import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import dev.ortrain.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps only what computes one output: other heads, their nodes, initializers and inputs would otherwise
 * be fed and run at every step (and an unsupported operator there would block training for nothing).
 */
final class GraphPruning {
  private GraphPruning() {}

  static GraphProto keepOnly(GraphProto graph, String output) {
    Set<String> needed = new HashSet<>(Set.of(output));
    List<NodeProto> kept = new ArrayList<>();
    List<NodeProto> nodes = graph.getNodeList();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      NodeProto n = nodes.get(i);
      if (n.getOutputList().stream().anyMatch(needed::contains)) {
        kept.add(0, n);
        n.getInputList().stream().filter(in -> !in.isEmpty()).forEach(needed::add);
      }
    }
    GraphProto.Builder b = graph.toBuilder().clearNode().clearInitializer().clearInput().addAllNode(kept);
    Set<String> initializers = new HashSet<>();
    for (TensorProto t : graph.getInitializerList()) {
      if (needed.contains(t.getName())) {
        b.addInitializer(t);
        initializers.add(t.getName());
      }
    }
    for (ValueInfoProto v : graph.getInputList()) {
      if (needed.contains(v.getName()) && !initializers.contains(v.getName())) {
        b.addInput(v); // data inputs only: old exporters also list initializers as inputs
      }
    }
    return b.build();
  }
}
