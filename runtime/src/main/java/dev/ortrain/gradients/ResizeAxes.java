package dev.ortrain.gradients;

import dev.ortrain.graph.Shape;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.TensorProto;

/**
 * What a Resize node does to each axis of its input: input and output length, and the scale its
 * coordinate transform divides by. Built from the static shapes of X and Y and the constant {@code scales}
 * (or {@code sizes}); the gradient needs them fixed when the graph is built.
 */
final class ResizeAxes {
  private final Interpolation interpolation;
  private final long[] in;
  private final long[] out;
  private final float[] scales;
  private final boolean[] resized;

  private ResizeAxes(Interpolation interpolation, long[] in, long[] out, float[] scales, boolean[] resized) {
    this.interpolation = interpolation;
    this.in = in;
    this.out = out;
    this.scales = scales;
    this.resized = resized;
  }

  int rank() {
    return in.length;
  }

  boolean resizes(int axis) {
    return resized[axis];
  }

  long in(int axis) {
    return in[axis];
  }

  long out(int axis) {
    return out[axis];
  }

  /** The row-major [out, in] interpolation weights of a resized axis. */
  float[] weights(int axis) {
    return interpolation.weights(in[axis], out[axis], scales[axis]);
  }

  static ResizeAxes of(BackwardContext ctx) {
    Interpolation interpolation = interpolation(ctx);
    Shape x = ctx.typeOf(ctx.input(0)).shape();
    Shape y = ctx.typeOf(ctx.output(0)).shape();
    int rank = x.rank();
    float[] given = givenScales(ctx, rank);
    long[] in = new long[rank];
    long[] out = new long[rank];
    float[] scales = new float[rank];
    boolean[] resized = new boolean[rank];
    for (int axis = 0; axis < rank; axis++) {
      boolean known = x.isKnown(axis) && y.isKnown(axis);
      boolean sameSymbol = !x.isKnown(axis) && !y.isKnown(axis) && x.symbol(axis).equals(y.symbol(axis));
      if (given == null ? sameSymbol : given[axis] == 1f && (!known || x.size(axis) == y.size(axis))) {
        scales[axis] = 1f;
        continue; // copied unchanged
      }
      if (!known) {
        throw new UnsupportedOperationException("Cannot differentiate " + ctx.describe() + ": axis " + axis
            + " of its input " + x + " or output " + y + " is symbolic, and the gradient of a resized axis needs"
            + " both lengths. Give the model fixed spatial sizes.");
      }
      in[axis] = x.size(axis);
      out[axis] = y.size(axis);
      // With sizes instead of scales, the kernel divides by the ratio of the lengths in float.
      scales[axis] = given != null ? given[axis] : (float) out[axis] / (float) in[axis];
      resized[axis] = scales[axis] != 1f || in[axis] != out[axis];
      if (resized[axis] && axis < rank - 2) {
        throw new UnsupportedOperationException("Cannot differentiate " + ctx.describe() + ": it resizes axis "
            + axis + " of " + x + " to " + y + "; ortrain's Resize gradient covers the last two axes only.");
      }
    }
    return new ResizeAxes(interpolation, in, out, scales, resized);
  }

  /** The mode, coordinate transform and rounding, from the node's attributes (Resize-13 and later). */
  private static Interpolation interpolation(BackwardContext ctx) {
    String modeName = ctx.stringAttr("mode", "nearest");
    Interpolation.Mode mode = Interpolation.parse(Interpolation.Mode.class, modeName);
    if (mode == null) {
      throw unsupported(ctx, "mode '" + modeName + "'", "nearest or linear");
    }
    String transformName = ctx.stringAttr("coordinate_transformation_mode", "half_pixel");
    Interpolation.CoordinateTransform transform =
        Interpolation.parse(Interpolation.CoordinateTransform.class, transformName);
    if (transform == null) {
      throw unsupported(ctx, "coordinate_transformation_mode '" + transformName + "'",
          "half_pixel, pytorch_half_pixel, align_corners or asymmetric");
    }
    String roundingName = ctx.stringAttr("nearest_mode", "round_prefer_floor");
    Interpolation.NearestRounding rounding = Interpolation.parse(Interpolation.NearestRounding.class, roundingName);
    if (rounding == null) {
      throw unsupported(ctx, "nearest_mode '" + roundingName + "'",
          "round_prefer_floor, round_prefer_ceil, floor or ceil");
    }
    if (ctx.intAttr("antialias", 0) != 0) {
      throw unsupported(ctx, "antialias=1", "antialias=0");
    }
    String policy = ctx.stringAttr("keep_aspect_ratio_policy", "stretch");
    if (!policy.equals("stretch")) {
      throw unsupported(ctx, "keep_aspect_ratio_policy '" + policy + "'", "stretch");
    }
    return new Interpolation(mode, transform, rounding);
  }

  /**
   * The scale of every axis, or null when the node gives sizes instead (an empty or absent {@code scales}).
   * Resize-18's {@code axes} lists the axes the scales or sizes are for; the others keep scale 1.
   */
  private static float[] givenScales(BackwardContext ctx, int rank) {
    String scalesInput = ctx.input(2);
    float[] values = null;
    if (!scalesInput.isEmpty()) {
      TensorProto t = ConstantValues.find(ctx.graph(), scalesInput);
      if (t == null) {
        throw new UnsupportedOperationException("Cannot differentiate " + ctx.describe() + ": its scales (input '"
            + scalesInput + "') are computed at run time; ortrain needs them constant (an initializer or a"
            + " Constant node), or sizes instead.");
      }
      values = Tensors.toFloats(t);
    }
    if (values == null || values.length == 0) {
      if (ctx.input(3).isEmpty()) {
        throw new IllegalArgumentException(ctx.describe() + " has neither scales nor sizes");
      }
      return null;
    }
    long[] axes = ctx.intsAttr("axes", null);
    if (axes == null) {
      if (values.length != rank) {
        throw new IllegalArgumentException(ctx.describe() + " has " + values.length + " scales for an input of"
            + " rank " + rank);
      }
      return values;
    }
    float[] all = new float[rank];
    java.util.Arrays.fill(all, 1f);
    for (int i = 0; i < axes.length; i++) {
      all[(int) (axes[i] < 0 ? axes[i] + rank : axes[i])] = values[i];
    }
    return all;
  }

  private static UnsupportedOperationException unsupported(BackwardContext ctx, String what, String supported) {
    return new UnsupportedOperationException("Cannot differentiate " + ctx.describe() + " with " + what
        + "; ortrain's Resize gradient supports " + supported + ". Re-export the model with a supported setting.");
  }
}
