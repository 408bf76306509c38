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
    long[] axesArray = axes.stream().mapToLong(Long::longValue).toArray();
    boolean onlyLeading = axes.size() == lead && (lead == 0 || axes.get(lead - 1) == lead - 1);
    if (onlyLeading) {
      return ctx.graph().node("ReduceSum")
          .inputs(gradient, ctx.graph().int64s("axes", axesArray))
          .attr("keepdims", 0L)
          .outputs(name.isEmpty() ? ctx.fresh(gradient + "_reduced") : name).get(0);
    }
    String reduced = ctx.graph().node("ReduceSum")
        .inputs(gradient, ctx.graph().int64s("axes", axesArray))
        .attr("keepdims", 1L)
        .output(gradient + "_reduced");
    return ctx.graph().node("Reshape")
        .inputs(reduced, ctx.graph().int64s("shape", in.resolve(-1)))
        .outputs(name.isEmpty() ? ctx.fresh(gradient + "_reshaped") : name).get(0);
  }
}
