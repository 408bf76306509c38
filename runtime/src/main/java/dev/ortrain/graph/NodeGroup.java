package dev.ortrain.graph;

import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.Set;

/**
 * Nodes of a graph that reverse-mode differentiation treats as one node, so that one gradient rule can
 * differentiate them together. {@code node} stands for them: its domain and operator select that rule, its
 * inputs are what the rule reads (the values it differentiates with respect to among them) and its outputs are
 * the members' values read outside the group. The node itself is never added to the graph.
 *
 * @param node the group as one node
 * @param members the outputs of the nodes the group replaces
 */
public record NodeGroup(NodeProto node, Set<String> members) {
  public NodeGroup {
    members = Set.copyOf(members);
  }

  /** Whether {@code n} is one of the group's nodes. */
  public boolean contains(NodeProto n) {
    return n.getOutputList().stream().anyMatch(members::contains);
  }
}
