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

  /**
   * Whether every operand is a scalar or a float of the result's shape, at least one is blocked, and the
   * blocked op needs no more reorders than the standard one: where every operand is at hand in NCHW and one
   * has no blocked twin, the op stays standard, since reordering that operand in would cost what reordering the
   * result in for a blocked reader does, and the result would have to be reordered out again for a standard
   * one (a residual block's Add of two batch-normalized values, one of which a Conv read blocked).
   */
  private static boolean operandsFit(NodeProto n, TensorType result, BlockedGraph graph) {
    boolean anyBlocked = false;
    boolean allAtHandInNchw = true;
    boolean allBlocked = true;
    for (String in : n.getInputList()) {
      if (graph.queries().scalar(in)) {
        continue;
      }
      TensorType t = graph.graph().typeOf(in);
      if (t == null || !t.shape().equals(result.shape()) || t.dataType() != DataType.FLOAT) {
        return false;
      }
      anyBlocked |= graph.isBlocked(in);
      allBlocked &= graph.isBlocked(in);
      allAtHandInNchw &= graph.hasNchwForm(in);
    }
    return anyBlocked && (allBlocked || !allAtHandInNchw);
  }
}
