package dev.ortrain.layout;

import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.List;

/**
 * MaxPool or AveragePool of a blocked value, without padding, dilation, ceil mode or indices (what the NCHWc
 * pools compute alike): on the NCHWc kernel, its output blocked. A max pool's value-mask gradient then runs
 * blocked too.
 */
final class BlockedPool implements LayoutRewrite {
  @Override
  public boolean rewrite(NodeProto n, BlockedGraph graph) {
    String x = n.getInput(0);
    if (!graph.isBlocked(x) || !GraphQueries.plainPool(n)) {
      return false;
    }
    graph.emitBlocked(n, n.getOpType(), List.of(graph.twinOf(x)), n.getAttributeList(), graph.channelsOf(x));
    return true;
  }
}
