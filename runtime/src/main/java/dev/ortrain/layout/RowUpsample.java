package dev.ortrain.layout;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Domains;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.List;

/**
 * A nearest upsampling of a blocked value that only element-wise ops read, each with an operand of the same
 * full size ({@link RowBroadcast}): upsampled along the width only, the ops broadcasting it over each group of
 * rows that shares it (the max-pool value-mask gradient's {@code Equal(X, Upsample(Y))} and {@code Mul(mask,
 * Upsample(share))}). ONNX Runtime's NCHWc nearest upsampling runs on one thread; broadcasting over rows costs
 * the element-wise ops less than the upsampled operand they no longer read (docs/performance-notes.md).
 */
final class RowUpsample implements LayoutRewrite {
  @Override
  public boolean rewrite(NodeProto n, BlockedGraph graph) {
    long[] factors = graph.queries().nearestUpsampling(n);
    String x = n.getInput(0);
    if (factors == null || !graph.isBlocked(x) || factors[2] <= 1 || !rowBroadcastOnly(n, graph)) {
      return false;
    }
    GraphBuilder g = graph.graph();
    String y = n.getOutput(0);
    String widened = graph.twinOf(x);
    if (factors[3] > 1) {
      widened = g.freshName(y + "_widened_blocked");
      graph.emit(graph.node("Upsample", Domains.NCHWC, List.of(graph.twinOf(x)), widened,
          List.of(Attributes.ints("scales", 1, 1, 1, factors[3]), Attributes.of("mode", "nearest"))));
    }
    graph.rowUpsample(y, new BlockedGraph.RowUpsampled(widened, factors[2], graph.channelsOf(x)));
    return true;
  }

  /** Whether every consumer of the upsampling's output is an element-wise op with a same-shaped float operand. */
  private static boolean rowBroadcastOnly(NodeProto resize, BlockedGraph graph) {
    GraphQueries queries = graph.queries();
    String y = resize.getOutput(0);
    TensorType type = graph.graph().typeOf(y);
    List<NodeProto> users = queries.consumers(y);
    if (type == null || !graph.channelBlocked(type.shape()) || !type.shape().isKnown(3) || users.isEmpty()
        || queries.isGraphOutput(y)) {
      return false;
    }
    for (NodeProto u : users) {
      if (!LayoutRewrites.elementwiseOp(u, queries) || u.getInputCount() != 2 || u.getOutputCount() != 1
          || u.getInput(0).equals(u.getInput(1))) {
        return false;
      }
      TensorType other = graph.graph().typeOf(u.getInput(u.getInput(0).equals(y) ? 1 : 0));
      if (other == null || !other.shape().equals(type.shape()) || other.dataType() != DataType.FLOAT) {
        return false;
      }
    }
    return true;
  }
}
