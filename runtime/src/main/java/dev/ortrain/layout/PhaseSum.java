package dev.ortrain.layout;

import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.List;
import java.util.Optional;

/**
 * {@code Sum(DepthToSpace(a), DepthToSpace(b))} with equal interleavings as {@code DepthToSpace(Add(a, b))} on
 * the blocked tensors: one interleaving instead of two. A residual block's input gets the input gradients of
 * both its strided convolutions (the 3x3 and the 1x1 shortcut), each the interleaved phases of one Conv
 * (dev.ortrain.gradients' StridedInputGradient). The interleaving only moves values, so each element is
 * the same addition as before.
 */
final class PhaseSum implements LayoutRewrite {

  @Override
  public boolean rewrite(NodeProto sum, BlockedGraph graph) {
    Optional<BlockedDepthToSpace.Interleaving> interleaving = interleaving(sum, graph);
    if (interleaving.isEmpty()) {
      return false;
    }
    GraphQueries queries = graph.queries();
    String a = queries.producer(sum.getInput(0)).getInput(0);
    String b = queries.producer(sum.getInput(1)).getInput(0);
    String y = sum.getOutput(0);
    String phases = graph.graph().freshName(y + "_phases_blocked");
    graph.emit(graph.node("Add", "", List.of(graph.blockedForm(a), graph.blockedForm(b)), phases, List.of()));
    interleaving.get().emit(phases, y, graph);
    return true;
  }

  /** Whether {@code depthToSpace}'s only reader is a Sum that this rewrite computes. */
  static boolean reads(NodeProto depthToSpace, BlockedGraph graph) {
    NodeProto sum = graph.queries().soleConsumer(depthToSpace.getOutput(0));
    return sum != null && interleaving(sum, graph).isPresent();
  }

  /** The interleaving both operands of {@code sum} compute, when this rewrite applies to it; else empty. */
  private static Optional<BlockedDepthToSpace.Interleaving> interleaving(NodeProto sum, BlockedGraph graph) {
    if (!sum.getOpType().equals("Sum") || !sum.getDomain().isEmpty() || sum.getInputCount() != 2
        || sum.getInput(0).equals(sum.getInput(1))) {
      return Optional.empty();
    }
    Optional<BlockedDepthToSpace.Interleaving> first = operand(sum, 0, graph);
    Optional<BlockedDepthToSpace.Interleaving> second = operand(sum, 1, graph);
    return first.isPresent() && first.equals(second) ? first : Optional.empty();
  }

  /** The interleaving of a DepthToSpace that defines operand {@code i} of {@code sum} for it alone. */
  private static Optional<BlockedDepthToSpace.Interleaving> operand(NodeProto sum, int i, BlockedGraph graph) {
    GraphQueries queries = graph.queries();
    NodeProto producer = queries.producer(sum.getInput(i));
    if (producer == null || queries.soleConsumer(sum.getInput(i)) != sum) {
      return Optional.empty();
    }
    return BlockedDepthToSpace.Interleaving.of(producer, graph);
  }
}
