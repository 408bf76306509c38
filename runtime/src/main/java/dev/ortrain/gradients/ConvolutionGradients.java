package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;

/** Gradients of convolution and pooling. */
final class ConvolutionGradients {
  private ConvolutionGradients() {}

  static void register(GradientRegistry r) {
    r.register("Conv", ConvolutionGradients::conv);
    r.register("MaxPool", ConvolutionGradients::maxPool);
  }

  /** dX, dW, dB = com.microsoft.ConvGrad(dY, X, W) with the forward attributes; unneeded outputs omitted. */
  static void conv(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    boolean hasBias = !ctx.input(2).isEmpty();
    String dX = ctx.gradientName(0);
    String dW = ctx.gradientName(1);
    String dB = hasBias ? ctx.gradientName(2) : "";
    g.msNode("ConvGrad").inputs(ctx.outputGradient(0), ctx.input(0), ctx.input(1)).attrsFrom(ctx.node())
        .outputs(dX, dW, dB);
    ctx.setInputGradient(0, dX);
    ctx.setInputGradient(1, dW);
    if (hasBias) {
      ctx.setInputGradient(2, dB);
    }
  }

  /**
   * dX = MaxPoolGrad(dY, Indices). The forward node must output its indices (the training rewrite adds
   * them), and dX's shape must be declared: ONNX Runtime dereferences it at session creation.
   */
  static void maxPool(BackwardContext ctx) {
    if (ctx.output(1).isEmpty()) {
      throw new IllegalStateException(ctx.describe() + " has no Indices output; run TrainingRewrite first");
    }
    String dX = ctx.gradientName(0);
    ctx.graph().node("MaxPoolGrad").inputs(ctx.outputGradient(0), ctx.output(1)).attrsFrom(ctx.node()).outputs(dX);
    ctx.graph().valueType(dX, ctx.typeOf(ctx.input(0)));
    ctx.setInputGradient(0, dX);
  }
}
