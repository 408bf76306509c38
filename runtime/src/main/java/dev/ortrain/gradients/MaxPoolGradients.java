package dev.ortrain.gradients;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.graph.Attributes;

/**
 * MaxPool gradient without MaxPoolGrad and without the forward's Indices output, for pools whose windows
 * tile the input exactly (kernel = strides, no padding, dilation 1, each spatial size a multiple of the
 * kernel, row-major storage). X [N, C, H, W] is viewed as [N, C, H/kH, kH, W/kW, kW] and Y, dY as
 * [N, C, H/kH, 1, W/kW, 1], so that broadcasting compares every window with its maximum:
 *
 * <pre>
 *   mask  = Cast(Equal(X, Y), float)                 1 where an element equals its window's maximum
 *   count = ReduceSum(mask, window axes, keepdims)   ≥ 1
 *   dX    = mask · (dY / count)
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

  static void valueMask(BackwardContext ctx) {
    if (!valueMaskApplies(ctx.node(), ctx.graph().typeOf(ctx.input(0)))) {
      ConvolutionGradients.maxPool(ctx);
      return;
    }
    GraphBuilder g = ctx.graph();
    Shape x = ctx.typeOf(ctx.input(0)).shape();
    int n = x.rank() - 2;
    long[] kernel = ctx.intsAttr("kernel_shape", null);
    long[] windows = new long[2 * n + 2];
    long[] pooled = new long[2 * n + 2];
    long[] windowAxes = new long[n];
    windows[0] = -1;
    pooled[0] = -1;
    windows[1] = x.size(1);
    pooled[1] = x.size(1);
    for (int i = 0; i < n; i++) {
      windows[2 + 2 * i] = x.size(i + 2) / kernel[i];
      windows[3 + 2 * i] = kernel[i];
      pooled[2 + 2 * i] = x.size(i + 2) / kernel[i];
      pooled[3 + 2 * i] = 1;
      windowAxes[i] = 3 + 2 * i;
    }
    String base = ctx.input(0);
    String windowShape = g.int64s(base + "_windows", windows);
    String pooledShape = g.int64s(base + "_pooled", pooled);
    String xw = g.node("Reshape").inputs(ctx.input(0), windowShape).output(base + "_windowed");
    String yw = g.node("Reshape").inputs(ctx.output(0), pooledShape).output(ctx.output(0) + "_windowed");
    String dYw = g.node("Reshape").inputs(ctx.outputGradient(0), pooledShape).output(base + "_pooled_grad");
    String isMax = g.node("Equal").inputs(xw, yw).output(base + "_is_max");
    String mask = g.node("Cast").inputs(isMax).attr("to", (long) DataType.FLOAT.onnxCode())
        .output(base + "_max_mask");
    String count = g.node("ReduceSum").inputs(mask, g.int64s(base + "_window_axes", windowAxes))
        .attr("keepdims", 1L).output(base + "_max_count");
    String share = g.node("Div").inputs(dYw, count).output(base + "_max_share");
    String spread = g.node("Mul").inputs(mask, share).output(base + "_grad_windowed");
    long[] xDims = new long[n + 2];
    xDims[0] = -1;
    for (int i = 1; i < xDims.length; i++) {
      xDims[i] = x.size(i);
    }
    String dX = g.node("Reshape").inputs(spread, g.int64s(base + "_shape", xDims))
        .outputs(ctx.gradientName(0)).get(0);
    g.valueType(dX, ctx.typeOf(ctx.input(0)));
    ctx.setInputGradient(0, dX);
  }
}
