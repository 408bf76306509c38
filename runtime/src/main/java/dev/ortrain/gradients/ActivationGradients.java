package dev.ortrain.gradients;

import dev.ortrain.graph.Domains;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.TensorType;

/** Gradients of activation functions, through ONNX Runtime's fused *Grad kernels. */
final class ActivationGradients {
  private ActivationGradients() {}

  static void register(GradientRegistry r) {
    r.register("Relu", ctx -> fused(ctx, "ReluGrad", ctx.output(0)));
    r.register("Sigmoid", ctx -> fused(ctx, "SigmoidGrad", ctx.output(0)));
    r.register("Tanh", ctx -> fused(ctx, "TanhGrad", ctx.output(0)));
    r.register("LeakyRelu", ActivationGradients::leakyRelu);
    r.register(Domains.MICROSOFT, "Gelu", ctx -> fused(ctx, "GeluGrad", ctx.input(0)));
    r.register(Domains.MICROSOFT, "FastGelu", ActivationGradients::fastGelu);
    r.register("Gelu", ActivationGradients::onnxGelu);
    r.register("Softmax", ctx -> softmax(ctx, "SoftmaxGrad_13"));
    r.register("LogSoftmax", ctx -> softmax(ctx, "LogSoftmaxGrad_13"));
  }

  /** dX = com.microsoft.{kernel}(dY, saved), where saved is the forward input or output the kernel wants. */
  private static void fused(BackwardContext ctx, String kernel, String saved) {
    String dX = ctx.graph().msNode(kernel).inputs(ctx.outputGradient(0), saved).outputs(ctx.gradientName(0)).get(0);
    // Element-wise: dX has the saved tensor's type; declared, later passes (dev.ortrain.layout) can keep it blocked.
    TensorType type = ctx.graph().typeOf(saved);
    if (type != null && !dX.isEmpty()) {
      ctx.graph().valueType(dX, type);
    }
    ctx.setInputGradient(0, dX);
  }

  private static void leakyRelu(BackwardContext ctx) {
    ctx.setInputGradient(0, ctx.graph().msNode("LeakyReluGrad").inputs(ctx.outputGradient(0), ctx.output(0))
        .attr("alpha", ctx.floatAttr("alpha", 0.01f)).outputs(ctx.gradientName(0)).get(0));
  }

  private static void fastGelu(BackwardContext ctx) {
    if (!ctx.input(1).isEmpty()) {
      throw new UnsupportedOperationException(ctx.describe() + " has a bias input, which ortrain cannot"
          + " differentiate; export the bias as a separate Add");
    }
    fused(ctx, "FastGeluGrad", ctx.input(0));
  }

  /** ONNX Gelu (opset 20): the exact form maps to GeluGrad, the tanh approximation to FastGeluGrad. */
  private static void onnxGelu(BackwardContext ctx) {
    String approximate = ctx.stringAttr("approximate", "none");
    switch (approximate) {
      case "none" -> fused(ctx, "GeluGrad", ctx.input(0));
      case "tanh" -> fused(ctx, "FastGeluGrad", ctx.input(0));
      default -> throw new UnsupportedOperationException(ctx.describe() + " has approximate='" + approximate
          + "'; ONNX defines only 'none' and 'tanh'");
    }
  }

  /** SoftmaxGrad_13 / LogSoftmaxGrad_13(dY, Y) over the forward axis (opset 13 semantics, default −1). */
  private static void softmax(BackwardContext ctx, String kernel) {
    GraphBuilder g = ctx.graph();
    ctx.setInputGradient(0, g.msNode(kernel).inputs(ctx.outputGradient(0), ctx.output(0))
        .attr("axis", ctx.intAttr("axis", -1)).outputs(ctx.gradientName(0)).get(0));
  }
}
