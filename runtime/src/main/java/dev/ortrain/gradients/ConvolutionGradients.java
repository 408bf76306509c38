package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.AttributeProto;

/** Gradients of convolution and max pooling. */
final class ConvolutionGradients {
  private ConvolutionGradients() {}

  static void register(GradientRegistry r, GradientFormulation f) {
    r.register("Conv", f.conv() == GradientFormulation.Conv.STANDARD_OPS
        ? ConvolutionGradients::convStandardOps : ConvolutionGradients::conv);
    r.register("MaxPool", f.maxPool() == GradientFormulation.MaxPool.VALUE_MASK
        ? MaxPoolGradients.VALUE_MASK : ConvolutionGradients::maxPool);
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
   * The Conv gradient with standard (multi-threaded) ONNX kernels instead of ConvGrad, which runs its
   * per-image im2col and GEMM on one thread:
   *
   * <ul>
   *   <li>dX = ConvTranspose(dY, W) with the forward strides, pads and dilations, and output_padding so
   *       that dX gets X's spatial size (rows the forward's floor division dropped get zeros);
   *   <li>dW[o, i, k] = Σ_n,p dY[n, o, p]·X_padded[n, i, p·stride + k·dilation]: a Conv of X transposed to
   *       [C_in, N, spatial] with dY transposed to [C_out, N, out spatial] as its weight, strides = the
   *       forward dilations, dilations = the forward strides, the forward pads; its [C_in, C_out, ≥ kernel]
   *       result is cut to the kernel size and transposed to W's layout;
   *   <li>dB = ReduceSum(dY) over the batch and spatial axes.
   * </ul>
   *
   * Only the needed gradients are emitted. Grouped convolutions, inputs whose channel or spatial sizes are
   * symbolic and weights of unknown shape fall back to {@link #conv ConvGrad}.
   */
  static void convStandardOps(BackwardContext ctx) {
    Shape x = ctx.typeOf(ctx.input(0)).shape();
    Shape w = ctx.typeOf(ctx.input(1)).shape();
    int n = x.rank() - 2;
    boolean covered = ctx.intAttr("group", 1) == 1 && w.isStatic() && n >= 1 && w.rank() == n + 2;
    for (int axis = 1; axis < x.rank() && covered; axis++) {
      covered = x.isKnown(axis);
    }
    if (!covered) {
      conv(ctx);
      return;
    }
    GraphBuilder g = ctx.graph();
    long[] kernel = new long[n];
    for (int i = 0; i < n; i++) {
      kernel[i] = w.size(i + 2);
    }
    long[] strides = ConvPadding.strides(ctx, n);
    long[] dilations = ConvPadding.dilations(ctx, n);
    long[] pads = ConvPadding.pads(ctx, x, kernel);
    long[] outSizes = new long[n];
    long[] outputPadding = new long[n];
    long[] weightGradSizes = new long[n];
    boolean crop = false;
    for (int i = 0; i < n; i++) {
      long in = x.size(i + 2);
      long span = (kernel[i] - 1) * dilations[i] + 1;
      outSizes[i] = (in + pads[i] + pads[i + n] - span) / strides[i] + 1;
      outputPadding[i] = in - (strides[i] * (outSizes[i] - 1) + span - pads[i] - pads[i + n]);
      long reach = (outSizes[i] - 1) * strides[i] + 1;
      weightGradSizes[i] = (in + pads[i] + pads[i + n] - reach) / dilations[i] + 1;
      crop |= weightGradSizes[i] != kernel[i];
    }
    String dY = ctx.outputGradient(0);
    if (ctx.needsGradient(0)) {
      String dX = g.node("ConvTranspose").inputs(dY, ctx.input(1)).ints("kernel_shape", kernel)
          .ints("strides", strides).ints("dilations", dilations).ints("pads", pads)
          .ints("output_padding", outputPadding).outputs(ctx.gradientName(0)).get(0);
      g.valueType(dX, ctx.typeOf(ctx.input(0)));
      ctx.setInputGradient(0, dX);
    }
    if (ctx.needsGradient(1)) {
      long[] perm = new long[n + 2];
      for (int i = 0; i < perm.length; i++) {
        perm[i] = i;
      }
      perm[0] = 1;
      perm[1] = 0;
      String xT = g.node("Transpose").inputs(ctx.input(0)).ints("perm", perm).output(ctx.input(0) + "_channels_first");
      String dYT = g.node("Transpose").inputs(dY).ints("perm", perm).output(dY + "_channels_first");
      String corr = g.node("Conv").inputs(xT, dYT).ints("strides", dilations).ints("dilations", strides)
          .ints("pads", pads).output(ctx.input(1) + "_grad_transposed");
      if (crop) {
        long[] zeros = new long[n];
        long[] axes = new long[n];
        for (int i = 0; i < n; i++) {
          axes[i] = i + 2;
        }
        corr = g.node("Slice").inputs(corr, g.int64s(ctx.input(1) + "_grad_starts", zeros),
            g.int64s(ctx.input(1) + "_grad_ends", kernel), g.int64s(ctx.input(1) + "_grad_axes", axes))
            .output(ctx.input(1) + "_grad_cropped");
      }
      String dW = g.node("Transpose").inputs(corr).ints("perm", perm).outputs(ctx.gradientName(1)).get(0);
      g.valueType(dW, ctx.typeOf(ctx.input(1)));
      ctx.setInputGradient(1, dW);
    }
    if (!ctx.input(2).isEmpty() && ctx.needsGradient(2)) {
      long[] axes = new long[n + 1];
      for (int i = 1; i <= n; i++) {
        axes[i] = i + 1;
      }
      String dB = g.node("ReduceSum").inputs(dY, g.int64s(ctx.input(2) + "_grad_axes", axes))
          .attr("keepdims", 0L).outputs(ctx.gradientName(2)).get(0);
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
