package dev.ortrain.gradients;

/**
 * How to back-propagate through one ONNX operator: given the gradients of the node's outputs (from
 * {@link BackwardContext#outputGradient}), emit nodes that compute the gradient of each input that needs
 * one and register it with {@link BackwardContext#setInputGradient}.
 */
@FunctionalInterface
public interface GradientRule {
  void backward(BackwardContext ctx);
}
