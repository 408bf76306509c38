package dev.ortrain.gradients;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.Tensors;

/**
 * MaxPool gradient without MaxPoolGrad and without the forward's Indices output, for pools whose windows
 * tile the input exactly (kernel = strides, no padding, dilation 1, each spatial size a multiple of the
 * kernel, row-major storage). Y and the per-element share of dY are upsampled to X's size (Resize,
 * nearest) so that every op runs on same-shaped contiguous tensors (broadcasting a [.., 1, .., 1] view
 * against the windows is far slower, docs/performance-notes.md):
 *
 * <pre>
 *   mask  = Cast(Equal(X, Upsample(Y)), float)        1 where an element equals its window's maximum
 *   count = AveragePool(mask) · window size           ≥ 1 maxima per window
 *   dX    = mask · Upsample(dY / count)
 * </pre>
 *
 * Tied maxima share the window's gradient equally, so it is not counted twice; PyTorch and MaxPoolGrad
 * give all of it to one of them. Without ties (almost always with real-valued inputs) the result equals
 * MaxPoolGrad's. Other pools fall back to MaxPoolGrad.
 */
final class MaxPoolGradients {
  private MaxPoolGradients() {}

  static final GradientRule VALUE_MASK = MaxPoolGradients::valueMask;

  /** Whether {@link #VALUE_MASK} covers this MaxPool node, given the type of its input (null = unknown). */
  static boolean valueMaskApplies(NodeProto node, TensorType xType) {
    if (xType == null || node.getOutputCount() > 1 && !node.getOutput(1).isEmpty()) {
      return false;
    }
    Shape x = xType.shape();
    int n = x.rank() - 2;
    long[] kernel = Attributes.getInts(node, "kernel_shape", null);
    if (n < 1 || kernel == null || kernel.length != n) {
      return false;
    }
    long[] strides = Attributes.getInts(node, "strides", ConvPadding.ones(n));
    long[] dilations = Attributes.getInts(node, "dilations", ConvPadding.ones(n));
    long[] pads = Attributes.getInts(node, "pads", new long[2 * n]);
    String autoPad = Attributes.getString(node, "auto_pad", "NOTSET");
    if (!(autoPad.equals("NOTSET") || autoPad.equals("VALID"))
        || Attributes.getInt(node, "storage_order", 0) != 0 || strides.length != n || dilations.length != n) {
      return false;
    }
    for (long p : pads) {
      if (p != 0) {
        return false;
      }
    }
    if (!x.isKnown(1)) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (strides[i] != kernel[i] || dilations[i] != 1 || !x.isKnown(i + 2) || x.size(i + 2) % kernel[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** Nearest-neighbour upsampling by the integer window size: every element fills its window. */
  private static String upsample(GraphBuilder g, String value, String scales, String hint) {
    return g.node("Resize").inputs(value, "", scales).attr("mode", "nearest")
        .attr("coordinate_transformation_mode", "asymmetric").attr("nearest_mode", "floor").output(hint);
  }

  static void valueMask(BackwardContext ctx) {
    if (!valueMaskApplies(ctx.node(), ctx.graph().typeOf(ctx.input(0)))) {
      ConvolutionGradients.maxPool(ctx);
      return;
    }
    GraphBuilder g = ctx.graph();
    Shape x = ctx.typeOf(ctx.input(0)).shape();
    int n = x.rank() - 2;
    long[] kernel = ctx.intsAttr("kernel_shape", null);
    float[] scales = new float[n + 2];
    long windowSize = 1;
    scales[0] = 1;
    scales[1] = 1;
    for (int i = 0; i < n; i++) {
      scales[i + 2] = kernel[i];
      windowSize *= kernel[i];
    }
    String base = ctx.input(0);
    TensorType xType = ctx.typeOf(base);
    TensorType yType = g.typeOf(ctx.output(0));
    String scaleValue = g.initializer(Tensors.floats(g.freshName(base + "_window_scales"), new long[] {n + 2}, scales));
    String yUp = upsample(g, ctx.output(0), scaleValue, base + "_window_max");
    String isMax = g.node("Equal").inputs(ctx.input(0), yUp).output(base + "_is_max");
    String mask = g.node("Cast").inputs(isMax).attr("to", (long) DataType.FLOAT.onnxCode())
        .output(base + "_max_mask");
    // Fraction of each window's elements that are maxima (1/window size without ties).
    String fraction = g.node("AveragePool").inputs(mask).ints("kernel_shape", kernel).ints("strides", kernel)
        .output(base + "_max_fraction");
    String perWindow = g.node("Div").inputs(ctx.outputGradient(0), g.scalar(base + "_window_size", windowSize))
        .output(base + "_grad_per_element");
    String share = g.node("Div").inputs(perWindow, fraction).output(base + "_max_share");
    String shareUp = upsample(g, share, scaleValue, base + "_max_share_up");
    String dX = g.node("Mul").inputs(mask, shareUp).outputs(ctx.gradientName(0)).get(0);
    // Declared types let later passes (dev.ortrain.layout) keep this chain in a blocked layout.
    for (String full : new String[] {yUp, mask, shareUp, dX}) {
      g.valueType(full, xType);
    }
    g.valueType(isMax, new TensorType(DataType.BOOL, xType.shape()));
    if (yType != null) {
      for (String pooled : new String[] {fraction, perWindow, share}) {
        g.valueType(pooled, yType);
      }
    }
    ctx.setInputGradient(0, dX);
  }
}
