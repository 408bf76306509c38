package dev.ortrain.gradients;

import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import java.util.ArrayList;
import java.util.List;

/** Reduces a gradient back to the shape of an input that was broadcast in the forward pass. */
final class Unbroadcast {
  private Unbroadcast() {}

  /**
   * Sums {@code gradient} (shaped like {@code outType}) over the axes along which {@code target} was
   * broadcast, and reshapes to {@code target}'s shape. Returns the gradient unchanged when no broadcast
   * happened.
   */
  static String reduce(BackwardContext ctx, String gradient, TensorType outType, TensorType target, String name) {
    Shape out = outType.shape();
    Shape in = target.shape();
    int lead = out.rank() - in.rank();
    List<Long> axes = new ArrayList<>();
    for (int i = 0; i < out.rank(); i++) {
      int j = i - lead;
      boolean broadcast = j < 0 || (in.isKnown(j) && in.size(j) == 1 && !(out.isKnown(i) && out.size(i) == 1));
      if (broadcast) {
        axes.add((long) i);
      }
    }
    if (axes.isEmpty()) {
      if (name.isEmpty()) {
        return gradient;
      }
      return ctx.graph().node("Identity").inputs(gradient).outputs(name).get(0);
    }
    // Broadcast size-1 axes are summed keeping the dimension, then the leading axes the target lacks are
    // summed away: the result has the target's shape without a Reshape (which could not express two
    // symbolic dimensions).
    long[] inner = axes.stream().filter(a -> a >= lead).mapToLong(Long::longValue).toArray();
    long[] leading = axes.stream().filter(a -> a < lead).mapToLong(Long::longValue).toArray();
    String result = gradient;
    String finalName = name.isEmpty() ? ctx.fresh(gradient + "_reduced") : name;
    if (inner.length > 0) {
      result = ctx.graph().node("ReduceSum")
          .inputs(result, ctx.graph().int64s("axes", inner))
          .attr("keepdims", 1L)
          .outputs(leading.length == 0 ? finalName : ctx.fresh(gradient + "_reduced_inner")).get(0);
    }
    if (leading.length > 0) {
      result = ctx.graph().node("ReduceSum")
          .inputs(result, ctx.graph().int64s("axes", leading))
          .attr("keepdims", 0L)
          .outputs(finalName).get(0);
    }
    return result;
  }
}
