package dev.ortrain.layout;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.List;

/**
 * A two-operand element-wise op on same-shaped (or scalar) float operands, at least one of them blocked: the
 * same op on the blocked tensors, the other operand reordered when it is not blocked yet.
 */
final class BlockedElementwise implements LayoutRewrite {
  @Override
  public boolean rewrite(NodeProto n, BlockedGraph graph) {
    if (n.getInputCount() != 2 || n.getOutputCount() != 1) {
      return false;
    }
    TensorType result = graph.graph().typeOf(n.getOutput(0));
    if (result == null || !graph.channelBlocked(result.shape()) || !operandsFit(n, result, graph)) {
      return false;
    }
    List<String> inputs = new ArrayList<>();
    for (String in : n.getInputList()) {
      inputs.add(graph.queries().scalar(in) ? in : graph.blockedForm(in));
    }
    graph.emitStandard(n, inputs, result.shape().size(1));
    return true;
  }

  /** Whether every operand is a scalar or a float of the result's shape, and at least one is blocked. */
  private static boolean operandsFit(NodeProto n, TensorType result, BlockedGraph graph) {
    boolean anyBlocked = false;
    for (String in : n.getInputList()) {
      if (graph.queries().scalar(in)) {
        continue;
      }
      TensorType t = graph.graph().typeOf(in);
      if (t == null || !t.shape().equals(result.shape()) || t.dataType() != DataType.FLOAT) {
        return false;
      }
      anyBlocked |= graph.isBlocked(in);
    }
    return anyBlocked;
  }
}
