package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.AttributeProto;
import java.util.Optional;

/** Gradients of convolution and max pooling. */
final class ConvolutionGradients {
  private ConvolutionGradients() {}

  static void register(GradientRegistry r, GradientFormulation f) {
    r.register("Conv", switch (f.conv()) {
      case TRAINING_KERNEL -> ConvolutionGradients::conv;
      case STANDARD_OPS -> ctx -> convStandardOps(ctx, true, WeightGradient.STANDARD_OPS);
      case WHERE_FASTER -> ctx -> convStandardOps(ctx, true, WeightGradient.WHERE_FASTER);
      case STANDARD_OPS_DX -> ctx -> convStandardOps(ctx, true, WeightGradient.CONV_GRAD);
      case STANDARD_OPS_DW -> ctx -> convStandardOps(ctx, false, WeightGradient.STANDARD_OPS);
    });
    r.register("MaxPool", f.maxPool() == GradientFormulation.MaxPool.VALUE_MASK
        ? MaxPoolGradients.VALUE_MASK : ConvolutionGradients::maxPool);
    r.register("AveragePool", AveragePoolGradient::backward);
  }

  /** Where dW and dB come from. */
  enum WeightGradient {
    STANDARD_OPS, CONV_GRAD, WHERE_FASTER
  }

  /**
   * dX, dW, dB = com.microsoft.ConvGrad(dY, X, W) with the forward attributes; unneeded outputs omitted.
   * An {@code auto_pad} is replaced by the explicit pads it stands for.
   */
  static void conv(BackwardContext ctx) {
    convGrad(ctx, true, true);
  }

  /** ConvGrad with the gradients asked for (and needed); nothing when none of them is. */
  private static void convGrad(BackwardContext ctx, boolean withDx, boolean withWeights) {
    GraphBuilder g = ctx.graph();
    boolean hasBias = !ctx.input(2).isEmpty();
    String dX = withDx ? ctx.gradientName(0) : "";
    String dW = withWeights ? ctx.gradientName(1) : "";
    String dB = hasBias && withWeights ? ctx.gradientName(2) : "";
    if (dX.isEmpty() && dW.isEmpty() && dB.isEmpty()) {
      return;
    }
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
   * The Conv gradient with standard ONNX kernels instead of ConvGrad, which loops over the images of the
   * batch with one small im2col and GEMM each and so trains slower (docs/performance-notes.md):
   *
   * <ul>
   *   <li>with strides 1 (and pads ≤ (kernel − 1)·dilation): dX = Conv(dY, W with in/out channels swapped
   *       and the kernel flipped; pads (kernel − 1)·dilation − forward pads), a plain convolution, which
   *       ONNX Runtime runs faster than ConvTranspose;
   *   <li>with equal 2-D strides (dilation 1): one stride-1 Conv of dY computing every stride phase of dX and
   *       a DepthToSpace interleaving them, see {@link StridedInputGradient};
   *   <li>otherwise dX = ConvTranspose(dY, W) with the forward strides, pads and dilations, and
   *       output_padding so that dX gets X's spatial size (rows the forward's floor division dropped get
   *       zeros);
   *   <li>dW: GEMMs over the batch and the output positions, see {@link ConvWeightGradient} (1-D and
   *       2-D convolutions; its channels-last form needs a Conv with one more spatial axis, and ONNX
   *       Runtime's CPU Conv has at most 3);
   *   <li>dB = ReduceSum(dY) over the batch and spatial axes, or with dW from a row of ones
   *       (ConvWeightGradient's columns form).
   * </ul>
   *
   * {@code dxByOps} false, or {@code weights} {@link WeightGradient#CONV_GRAD} (or
   * {@link WeightGradient#WHERE_FASTER} where {@link ConvWeightGradient#prefersStandardOps} says no): that
   * part comes from ConvGrad (its other outputs omitted).
   * Only the needed gradients are emitted. Grouped convolutions, inputs whose channel or spatial sizes are
   * symbolic and weights of unknown shape fall back to {@link #conv ConvGrad}.
   */
  static void convStandardOps(BackwardContext ctx, boolean dxByOps, WeightGradient weights) {
    boolean weightsByOps = weights != WeightGradient.CONV_GRAD;
    Shape x = ctx.typeOf(ctx.input(0)).shape();
    Shape w = ctx.typeOf(ctx.input(1)).shape();
    int n = x.rank() - 2;
    // The weight gradient is a convolution with one more spatial axis; ONNX Runtime's CPU Conv has up to 3.
    boolean covered = ctx.intAttr("group", 1) == 1 && w.isStatic() && n >= 1 && w.rank() == n + 2
        && (n <= 2 || !weightsByOps);
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
    for (int i = 0; i < n; i++) {
      long in = x.size(i + 2);
      long span = (kernel[i] - 1) * dilations[i] + 1;
      outSizes[i] = (in + pads[i] + pads[i + n] - span) / strides[i] + 1;
      outputPadding[i] = in - (strides[i] * (outSizes[i] - 1) + span - pads[i] - pads[i + n]);
    }
    String dY = ctx.outputGradient(0);
    boolean flippedConv = true; // dX as a plain Conv: strides 1 and pads within the kernel's reach
    long[] flippedPads = new long[2 * n];
    for (int i = 0; i < n; i++) {
      long reach = (kernel[i] - 1) * dilations[i];
      flippedPads[i] = reach - pads[i];
      flippedPads[i + n] = reach - pads[i + n];
      flippedConv &= strides[i] == 1 && flippedPads[i] >= 0 && flippedPads[i + n] >= 0;
    }
    ConvWeightGradient.Geometry geometry =
        new ConvWeightGradient.Geometry(x, w, kernel, strides, dilations, pads, outSizes);
    Optional<StridedInputGradient> strided = StridedInputGradient.of(ctx, geometry);
    if (!dxByOps) {
      convGrad(ctx, true, false);
    } else if (ctx.needsGradient(0) && flippedConv) {
      long[] spatialAxes = new long[n];
      long[] minusOnes = new long[n];
      long[] ends = new long[n];
      for (int i = 0; i < n; i++) {
        spatialAxes[i] = i + 2;
        minusOnes[i] = -1;
        ends[i] = Long.MIN_VALUE;
      }
      String weight = ctx.input(1);
      String flipped = g.node("Slice").inputs(weight, g.int64s(weight + "_flip_starts", minusOnes),
          g.int64s(weight + "_flip_ends", ends), g.int64s(weight + "_flip_axes", spatialAxes),
          g.int64s(weight + "_flip_steps", minusOnes)).output(weight + "_flipped");
      String swapped = g.node("Transpose").inputs(flipped).ints("perm", ConvWeightGradient.swapFirstTwo(n + 2))
          .output(weight + "_transposed");
      TensorType wType = ctx.typeOf(weight);
      if (wType != null && wType.shape().isStatic()) {
        // A known type lets later passes (dev.ortrain.layout) pick this Conv's kernel.
        long[] dims = new long[wType.shape().rank()];
        for (int i = 0; i < dims.length; i++) {
          dims[i] = wType.shape().size(i < 2 ? 1 - i : i);
        }
        g.valueType(swapped, new TensorType(wType.dataType(), Shape.of(dims)));
      }
      String dX = g.node("Conv").inputs(dY, swapped).ints("kernel_shape", kernel).ints("dilations", dilations)
          .ints("pads", flippedPads).outputs(ctx.gradientName(0)).get(0);
      g.valueType(dX, ctx.typeOf(ctx.input(0)));
      ctx.setInputGradient(0, dX);
    } else if (ctx.needsGradient(0) && strided.isPresent()) {
      strided.get().emit(dY);
    } else if (ctx.needsGradient(0)) {
      String dX = g.node("ConvTranspose").inputs(dY, ctx.input(1)).ints("kernel_shape", kernel)
          .ints("strides", strides).ints("dilations", dilations).ints("pads", pads)
          .ints("output_padding", outputPadding).outputs(ctx.gradientName(0)).get(0);
      g.valueType(dX, ctx.typeOf(ctx.input(0)));
      ctx.setInputGradient(0, dX);
    }
    if (!weightsByOps || weights == WeightGradient.WHERE_FASTER && ctx.needsGradient(1)
        && !ConvWeightGradient.prefersStandardOps(geometry)) {
      convGrad(ctx, false, true);
      return;
    }
    boolean withBias = !ctx.input(2).isEmpty() && ctx.needsGradient(2);
    if (ctx.needsGradient(1)) {
      ConvWeightGradient.emit(ctx, geometry, dY, withBias);
      return;
    }
    if (withBias) {
      // Spatial axes first (contiguous), then the batch: faster than one reduction over axes {0, 2, ...}.
      long[] spatial = new long[n];
      for (int i = 0; i < n; i++) {
        spatial[i] = i + 2;
      }
      String perSample = g.node("ReduceSum").inputs(dY, g.int64s(ctx.input(2) + "_grad_spatial_axes", spatial))
          .attr("keepdims", 0L).output(ctx.input(2) + "_grad_per_sample");
      String dB = g.node("ReduceSum").inputs(perSample, g.int64s(ctx.input(2) + "_grad_batch_axis", 0L))
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
