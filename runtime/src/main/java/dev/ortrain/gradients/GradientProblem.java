package dev.ortrain.gradients;

import dev.ortrain.onnx.proto.Onnx.NodeProto;

/**
 * Why the backward pass cannot go through one node: the operator has no gradient rule, or its rule cannot
 * handle this node (an attribute, a shape or a data type it does not support).
 *
 * @param operator {@code op_type}, or {@code domain::op_type} outside the standard domain
 * @param node the node's name
 * @param reason null when there is no rule; the rule's own message otherwise
 */
public record GradientProblem(String operator, String node, String reason) {

  static GradientProblem noRule(NodeProto n) {
    return new GradientProblem(GradientRegistry.key(n), n.getName(), null);
  }

  static GradientProblem ruleFailed(NodeProto n, RuntimeException e) {
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    return new GradientProblem(GradientRegistry.key(n), n.getName(), message);
  }

  /** Whether the operator has no rule at all (rather than a rule that refused this node). */
  public boolean noRule() {
    return reason == null;
  }
}
