package dev.ortrain.layout;

import dev.ortrain.onnx.proto.Onnx.NodeProto;

/**
 * How one kind of node moves to the channel-blocked layout: the rewrite emits the node's blocked form into the
 * graph and answers true, or answers false and emits nothing (then the next rewrite registered for the
 * operator is asked, and the node stays as it is when none applies).
 */
@FunctionalInterface
interface LayoutRewrite {
  boolean rewrite(NodeProto node, BlockedGraph graph);

  /**
   * This rewrite for a node whose every reader casts its result to float (and that is no graph output): a
   * bool result, such as Equal's, cannot be reordered back to NCHW.
   */
  default LayoutRewrite whenOnlyCastToFloat() {
    return (node, graph) -> graph.queries().castsOnly(node.getOutput(0)) && rewrite(node, graph);
  }
}
