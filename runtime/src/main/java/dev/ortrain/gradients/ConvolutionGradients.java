package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.AttributeProto;

/** Gradients of convolution and max pooling. */
final class ConvolutionGradients {
  private ConvolutionGradients() {}

  static void register(GradientRegistry r) {
    r.register("Conv", ConvolutionGradients::conv);
    r.register("MaxPool", ConvolutionGradients::maxPool);
    r.register("AveragePool", AveragePoolGradient::backward);
  }

  /**
   * dX, dW, dB = com.microsoft.ConvGrad(dY, X, W) with the forward attributes; unneeded outputs omitted.
   * An {@code auto_pad} is replaced by the explicit pads it stands for.
   */
  static void conv(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    boolean hasBias = !ctx.input(2).isEmpty();
    String dX = ctx.gradientName(0);
    String dW = ctx.gradientName(1);
    String dB = hasBias ? ctx.gradientName(2) : "";
    GraphBuilder.NodeBuilder n = g.msNode("ConvGrad").inputs(ctx.outputGradient(0), ctx.input(0), ctx.input(1));
    String autoPad = ctx.stringAttr("auto_pad", "NOTSET");
    if (autoPad.equals("NOTSET")) {
      n.attrsFrom(ctx.node());
    } else {
      Shape w = ctx.typeOf(ctx.input(1)).shape();
      long[] kernel = ctx.intsAttr("kernel_shape", null);
      if (kernel == null) {
        kernel = new long[w.rank() - 2];
        for (int i = 0; i < kernel.length; i++) {
          kernel[i] = w.size(i + 2);
        }
      }
      long[] pads = ConvPadding.pads(ctx, ctx.typeOf(ctx.input(0)).shape(), kernel);
      for (AttributeProto a : ctx.node().getAttributeList()) {
        if (!a.getName().equals("auto_pad") && !a.getName().equals("pads")) {
          n.attr(a);
        }
      }
      n.ints("pads", pads);
    }
    n.outputs(dX, dW, dB);
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
    TensorType xType = ctx.typeOf(ctx.input(0));
    ctx.graph().valueType(dX, xType);
    ctx.setInputGradient(0, dX);
  }
}
