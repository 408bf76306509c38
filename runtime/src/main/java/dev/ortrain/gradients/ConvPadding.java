package dev.ortrain.gradients;

import dev.ortrain.graph.Shape;
import java.util.Arrays;

/**
 * Explicit pads for convolution and pooling nodes that use {@code auto_pad}, computed from the static
 * spatial input size as ONNX defines them. Gradient kernels and recipes get the explicit form.
 */
final class ConvPadding {
  private ConvPadding() {}

  /**
   * Begin pads of all spatial axes followed by their end pads (the ONNX {@code pads} layout).
   *
   * @param ctx the forward node (for its attributes and error messages)
   * @param input the forward input [N, C, spatial...]
   * @param kernel kernel size per spatial axis
   */
  static long[] pads(BackwardContext ctx, Shape input, long[] kernel) {
    int n = kernel.length;
    String autoPad = ctx.stringAttr("auto_pad", "NOTSET");
    if (autoPad.equals("NOTSET")) {
      return ctx.intsAttr("pads", new long[2 * n]);
    }
    long[] pads = new long[2 * n];
    if (autoPad.equals("VALID")) {
      return pads;
    }
    if (!autoPad.equals("SAME_UPPER") && !autoPad.equals("SAME_LOWER")) {
      throw new UnsupportedOperationException(ctx.describe() + " has auto_pad='" + autoPad
          + "'; ONNX defines NOTSET, VALID, SAME_UPPER and SAME_LOWER");
    }
    long[] strides = strides(ctx, n);
    long[] dilations = dilations(ctx, n);
    for (int i = 0; i < n; i++) {
      int axis = i + 2;
      if (!input.isKnown(axis)) {
        throw new UnsupportedOperationException("Cannot differentiate " + ctx.describe() + " with auto_pad="
            + autoPad + ": spatial axis " + axis + " of its input " + input + " is symbolic, so the padding is"
            + " unknown. Give the model a fixed input size or explicit pads.");
      }
      long in = input.size(axis);
      long out = (in + strides[i] - 1) / strides[i];
      long total = Math.max(0, (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - in);
      long small = total / 2;
      pads[i] = autoPad.equals("SAME_UPPER") ? small : total - small; // SAME_UPPER puts the extra at the end
      pads[i + n] = total - pads[i];
    }
    return pads;
  }

  static long[] strides(BackwardContext ctx, int n) {
    return ctx.intsAttr("strides", ones(n));
  }

  static long[] dilations(BackwardContext ctx, int n) {
    return ctx.intsAttr("dilations", ones(n));
  }

  static long[] ones(int n) {
    long[] v = new long[n];
    Arrays.fill(v, 1);
    return v;
  }
}
