package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.Tensors;
import java.util.Arrays;

/**
 * Gradient of AveragePool with standard ops. ONNX Runtime's AveragePoolGrad takes its output shape from
 * the model and returns an empty tensor when the batch dimension is symbolic, so instead: every output
 * position spreads dY / (its window's element count) evenly over its window, which is a depthwise
 * ConvTranspose of the scaled dY with an all-ones kernel (strides, dilations and pads as the forward).
 */
final class AveragePoolGradient {
  private AveragePoolGradient() {}

  static void backward(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    Shape x = ctx.typeOf(ctx.input(0)).shape();
    int n = x.rank() - 2;
    for (int axis = 1; axis < x.rank(); axis++) {
      if (!x.isKnown(axis)) {
        throw new UnsupportedOperationException("Cannot differentiate " + ctx.describe() + ": axis " + axis
            + " of its input " + x + " is symbolic; only the batch dimension may be. Give the model a fixed"
            + " input size.");
      }
    }
    long[] kernel = ctx.intsAttr("kernel_shape", null);
    if (kernel == null || kernel.length != n) {
      throw new IllegalArgumentException(ctx.describe() + " needs kernel_shape with " + n + " values");
    }
    long[] strides = ConvPadding.strides(ctx, n);
    long[] dilations = ConvPadding.dilations(ctx, n);
    long[] pads = ConvPadding.pads(ctx, x, kernel);
    boolean ceil = ctx.intAttr("ceil_mode", 0) != 0;
    boolean includePad = ctx.intAttr("count_include_pad", 0) != 0;

    long[] outSizes = new long[n];
    double[][] perAxisCounts = new double[n][];
    long[] convPadsEnd = new long[n];
    long[] outputPadding = new long[n];
    for (int i = 0; i < n; i++) {
      long in = x.size(i + 2);
      long span = (kernel[i] - 1) * dilations[i] + 1;
      outSizes[i] = outputSize(in, span, strides[i], pads[i], pads[i + n], ceil);
      perAxisCounts[i] = windowCounts(in, outSizes[i], kernel[i], strides[i], dilations[i], pads[i],
          pads[i + n], includePad);
      // ConvTranspose yields s·(O−1) + span − pad_begin − pad_end + output_padding elements: crop or
      // extend its end so that exactly the input size comes out.
      long excess = strides[i] * (outSizes[i] - 1) + span - pads[i] - in;
      convPadsEnd[i] = Math.max(excess, 0);
      outputPadding[i] = Math.max(-excess, 0);
    }

    String dY = ctx.outputGradient(0);
    String scaled = g.node("Mul").inputs(dY, inverseCounts(g, ctx.input(0), outSizes, perAxisCounts))
        .output(dY + "_per_element");
    long channels = x.size(1);
    long[] weightDims = new long[n + 2];
    weightDims[0] = channels;
    weightDims[1] = 1;
    System.arraycopy(kernel, 0, weightDims, 2, n);
    float[] ones = new float[(int) Shape.of(weightDims).elementCount()];
    Arrays.fill(ones, 1f);
    String weight = g.initializer(Tensors.floats(g.freshName(ctx.input(0) + "_pool_window"), weightDims, ones));
    long[] convPads = new long[2 * n];
    System.arraycopy(pads, 0, convPads, 0, n);
    System.arraycopy(convPadsEnd, 0, convPads, n, n);
    String dX = g.node("ConvTranspose").inputs(scaled, weight)
        .attr("group", channels).ints("kernel_shape", kernel).ints("strides", strides)
        .ints("dilations", dilations).ints("pads", convPads).ints("output_padding", outputPadding)
        .outputs(ctx.gradientName(0)).get(0);
    g.valueType(dX, ctx.typeOf(ctx.input(0)));
    ctx.setInputGradient(0, dX);
  }

  static long outputSize(long in, long span, long stride, long padBegin, long padEnd, boolean ceil) {
    long room = in + padBegin + padEnd - span;
    long out = (ceil ? Math.floorDiv(room + stride - 1, stride) : Math.floorDiv(room, stride)) + 1;
    if (ceil && (out - 1) * stride >= in + padBegin) {
      out--; // the last window must start inside the input or its leading padding
    }
    return out;
  }

  /** How many elements each window along one axis averages over. */
  static double[] windowCounts(long in, long out, long kernel, long stride, long dilation, long padBegin,
      long padEnd, boolean includePad) {
    double[] counts = new double[(int) out];
    for (int o = 0; o < out; o++) {
      long start = o * stride - padBegin;
      int c = 0;
      for (long j = 0; j < kernel; j++) {
        long pos = start + j * dilation;
        boolean inside = includePad ? pos < in + padEnd : pos >= 0 && pos < in;
        if (inside) {
          c++;
        }
      }
      counts[o] = c;
    }
    return counts;
  }

  /** 1/count per output position, as a scalar when all windows are full, else a [O1, O2, ...] tensor. */
  private static String inverseCounts(GraphBuilder g, String x, long[] outSizes, double[][] perAxis) {
    int total = (int) Shape.of(outSizes).elementCount();
    float[] inv = new float[total];
    for (int flat = 0; flat < total; flat++) {
      double count = 1;
      int rest = flat;
      for (int axis = outSizes.length - 1; axis >= 0; axis--) {
        count *= perAxis[axis][rest % (int) outSizes[axis]];
        rest /= (int) outSizes[axis];
      }
      inv[flat] = (float) (1 / count);
    }
    boolean uniform = true;
    for (float v : inv) {
      uniform &= v == inv[0];
    }
    if (uniform) {
      return g.scalar(x + "_pool_scale", inv[0]);
    }
    return g.initializer(Tensors.floats(g.freshName(x + "_pool_scale"), outSizes, inv));
  }
}
