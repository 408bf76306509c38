package dev.ortrain.layout;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.List;
import java.util.function.Predicate;

/** A one-operand element-wise op (Relu, a Cast to float) of a blocked value: the same op on the blocked tensor. */
final class BlockedUnary implements LayoutRewrite {
  static final BlockedUnary ANY = new BlockedUnary(n -> true);
  /** A bool mask cast to float: the float result can be reordered back, the mask could not. */
  static final BlockedUnary TO_FLOAT =
      new BlockedUnary(n -> Attributes.getInt(n, "to", 0) == DataType.FLOAT.onnxCode());

  private final Predicate<NodeProto> accepts;

  private BlockedUnary(Predicate<NodeProto> accepts) {
    this.accepts = accepts;
  }

  @Override
  public boolean rewrite(NodeProto n, BlockedGraph graph) {
    String x = n.getInput(0);
    if (!graph.isBlocked(x) || !accepts.test(n)) {
      return false;
    }
    graph.emitStandard(n, List.of(graph.twinOf(x)), graph.channelsOf(x));
    return true;
  }
}
