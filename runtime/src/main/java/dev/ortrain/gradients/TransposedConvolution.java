package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;

/**
 * The geometry of a ConvTranspose node as the Conv it transposes sees it: that Conv maps the ConvTranspose's
 * output Y [N, C_out, out] to its input X [N, C_in, in] with the same weight W [C_in, C_out/group, kernel],
 * strides, dilations, groups and explicit pads.
 */
record TransposedConvolution(BackwardContext ctx, long[] kernel, long[] strides, long[] dilations, long[] pads,
    long group) {

  static TransposedConvolution of(BackwardContext ctx) {
    Shape x = ctx.typeOf(ctx.input(0)).shape();
    Shape w = ctx.typeOf(ctx.input(1)).shape();
    int n = x.rank() - 2;
    long[] kernel = ctx.intsAttr("kernel_shape", null);
    if (kernel == null) {
      kernel = new long[n];
      for (int i = 0; i < n; i++) {
        if (!w.isKnown(i + 2)) {
          throw new UnsupportedOperationException("Cannot differentiate " + ctx.describe() + ": the kernel size of"
              + " its weight " + w + " is symbolic; give the node a kernel_shape or a weight of fixed shape.");
        }
        kernel[i] = w.size(i + 2);
      }
    }
    long[] strides = ConvPadding.strides(ctx, n);
    long[] dilations = ConvPadding.dilations(ctx, n);
    long[] outputPadding = ctx.intsAttr("output_padding", new long[n]);
    for (int i = 0; i < n; i++) {
      // Rows of Y past the last stride step would make Conv(dY, W) longer than X.
      if (outputPadding[i] >= strides[i]) {
        throw new UnsupportedOperationException("Cannot differentiate " + ctx.describe() + ": output_padding "
            + java.util.Arrays.toString(outputPadding) + " must be smaller than its strides "
            + java.util.Arrays.toString(strides) + ".");
      }
    }
    String autoPad = ctx.stringAttr("auto_pad", "NOTSET");
    long[] pads;
    if (ctx.intsAttr("output_shape", null) != null) {
      pads = padsForOutputShape(ctx, x, kernel, strides, dilations, outputPadding, autoPad);
    } else if (autoPad.equals("NOTSET")) {
      pads = ctx.intsAttr("pads", new long[2 * n]);
    } else if (autoPad.equals("VALID")) {
      pads = new long[2 * n];
    } else {
      throw new UnsupportedOperationException("Cannot differentiate " + ctx.describe() + " with auto_pad='"
          + autoPad + "'; ortrain's ConvTranspose gradient supports NOTSET and VALID. Give the node explicit pads"
          + " or an output_shape.");
    }
    return new TransposedConvolution(ctx, kernel, strides, dilations, pads, ctx.intAttr("group", 1));
  }

  /**
   * The pads ONNX derives from {@code output_shape}: the total is the natural output length minus the
   * requested one, an odd total with the extra element at the start (at the end for SAME_UPPER). A requested
   * length beyond the natural one would leave output positions no input reaches; those are refused.
   */
  private static long[] padsForOutputShape(BackwardContext ctx, Shape x, long[] kernel, long[] strides,
      long[] dilations, long[] outputPadding, String autoPad) {
    int n = kernel.length;
    long[] requested = ctx.intsAttr("output_shape", null);
    if (requested.length < n) {
      throw new IllegalArgumentException(ctx.describe() + " has output_shape " + java.util.Arrays.toString(requested)
          + " for " + n + " spatial axes");
    }
    long[] pads = new long[2 * n];
    for (int i = 0; i < n; i++) {
      if (!x.isKnown(i + 2)) {
        throw new UnsupportedOperationException("Cannot differentiate " + ctx.describe() + " with output_shape:"
            + " spatial axis " + (i + 2) + " of its input " + x + " is symbolic, so the padding is unknown.");
      }
      long natural = (x.size(i + 2) - 1) * strides[i] + outputPadding[i] + (kernel[i] - 1) * dilations[i] + 1;
      long total = natural - requested[requested.length - n + i];
      if (total < 0) {
        throw new UnsupportedOperationException("Cannot differentiate " + ctx.describe() + ": its output_shape "
            + java.util.Arrays.toString(requested) + " exceeds the natural output length " + natural + " on spatial"
            + " axis " + (i + 2) + ". Use output_padding instead.");
      }
      pads[i] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
      pads[i + n] = total - pads[i];
    }
    return pads;
  }

  /**
   * dW, set as the node's input gradient: the weight gradient of the transposed Conv, which correlates its
   * input (dY) with its output gradient (X). Ungrouped 1-D and 2-D nodes use {@link ConvWeightGradient}'s
   * large GEMMs; others the grouped correlation below. Both need X's and Y's channel and spatial sizes.
   */
  void weightGradient(String dY) {
    Shape x = ctx.typeOf(ctx.input(0)).shape();
    Shape y = ctx.typeOf(ctx.output(0)).shape();
    Shape w = ctx.typeOf(ctx.input(1)).shape();
    int n = kernel.length;
    for (int axis = 1; axis < x.rank(); axis++) {
      if (!x.isKnown(axis) || !y.isKnown(axis)) {
        throw new UnsupportedOperationException("Cannot differentiate " + ctx.describe() + " with respect to its"
            + " weight: axis " + axis + " of its input " + x + " or output " + y + " is symbolic, and the weight"
            + " gradient needs the channel and spatial sizes. Give the model fixed spatial sizes.");
      }
    }
    if (!w.isStatic()) {
      throw new UnsupportedOperationException("Cannot differentiate " + ctx.describe() + ": its weight " + w
          + " has a symbolic dimension");
    }
    long[] inSizes = new long[n];
    for (int i = 0; i < n; i++) {
      inSizes[i] = x.size(i + 2);
    }
    if (group == 1 && n <= 2) {
      ConvWeightGradient.emitTransposed(ctx,
          new ConvWeightGradient.Geometry(y, w, kernel, strides, dilations, pads, inSizes), dY, ctx.input(0));
    } else {
      groupedCorrelation(dY, x, y, w);
    }
  }

  /**
   * dW by one grouped Conv with the images as channels: dY as [C_out/group, group·N, out] (per group, its
   * output channels × its images), X as [C_in, N, in]; the forward's dilations become the strides and its
   * strides the dilations. The result [C_out/group, C_in, kernel (+ output_padding rows)] is cropped to the
   * kernel and its first two axes swapped.
   */
  private void groupedCorrelation(String dY, Shape x, Shape y, Shape w) {
    GraphBuilder g = ctx.graph();
    String weight = ctx.input(1);
    int n = kernel.length;
    long cIn = w.size(0);
    long cOutPerGroup = w.size(1);
    long cInPerGroup = cIn / group;
    long outCount = 1;
    long inCount = 1;
    long[] images = new long[n + 2];
    long[] filters = new long[n + 2];
    images[0] = cOutPerGroup;
    images[1] = -1;
    filters[0] = cIn;
    filters[1] = -1;
    for (int i = 0; i < n; i++) {
      outCount *= y.size(i + 2);
      inCount *= x.size(i + 2);
      images[i + 2] = y.size(i + 2);
      filters[i + 2] = x.size(i + 2);
    }
    String dYSplit = g.node("Reshape").inputs(dY,
        g.int64s(weight + "_grad_dy_split_shape", -1, group, cOutPerGroup, outCount)).output(dY + "_by_group");
    String dYImages = g.node("Transpose").inputs(dYSplit).ints("perm", 2, 1, 0, 3).output(dY + "_images_by_group");
    String input = g.node("Reshape").inputs(dYImages, g.int64s(weight + "_grad_images_shape", images))
        .output(dY + "_as_channels");
    String x0 = ctx.input(0);
    String xSplit = g.node("Reshape").inputs(x0,
        g.int64s(weight + "_grad_x_split_shape", -1, group, cInPerGroup, inCount)).output(x0 + "_by_group");
    String xImages = g.node("Transpose").inputs(xSplit).ints("perm", 1, 2, 0, 3).output(x0 + "_images_by_group");
    String kernelValue = g.node("Reshape").inputs(xImages, g.int64s(weight + "_grad_filters_shape", filters))
        .output(x0 + "_as_filters");
    long[] axes = new long[n];
    long[] starts = new long[n];
    for (int i = 0; i < n; i++) {
      axes[i] = i + 2;
    }
    String corr = g.node("Conv").inputs(input, kernelValue).ints("strides", dilations).ints("dilations", strides)
        .ints("pads", pads).attr("group", group).output(weight + "_grad_correlation");
    String cropped = g.node("Slice").inputs(corr, g.int64s(weight + "_grad_starts", starts),
        g.int64s(weight + "_grad_ends", kernel), g.int64s(weight + "_grad_axes", axes)).output(weight + "_grad_cropped");
    String dW = g.node("Transpose").inputs(cropped).ints("perm", ConvWeightGradient.swapFirstTwo(n + 2))
        .outputs(ctx.gradientName(1)).get(0);
    g.valueType(dW, ctx.typeOf(weight));
    ctx.setInputGradient(1, dW);
  }
}
