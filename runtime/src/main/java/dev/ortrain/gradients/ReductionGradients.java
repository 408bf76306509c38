package dev.ortrain.gradients;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.onnx.proto.Onnx.AttributeProto;

/**
 * Gradients of sum and mean reductions: dY is broadcast back over the reduced axes (and divided by the
 * number of reduced elements for a mean). Axes may be an attribute (ReduceSum before opset 13, ReduceMean
 * before 18) or an int64 input.
 */
final class ReductionGradients {
  private ReductionGradients() {}

  static void register(GradientRegistry r) {
    r.register("ReduceSum", ctx -> ctx.setInputGradient(0, broadcastBack(ctx, ctx.gradientName(0))));
    r.register("ReduceMean", ReductionGradients::mean);
    // GlobalAveragePool is a mean over the spatial axes that keeps them as size 1.
    r.register("GlobalAveragePool", ReductionGradients::mean);
    r.register("ReduceMax", ReductionGradients::extremum);
    r.register("ReduceMin", ReductionGradients::extremum);
  }

  /**
   * Y = ReduceMax(X) (or ReduceMin): the elements equal to their Y share dY evenly, as PyTorch's amax/amin
   * do: dX = [X = Y]·dY / Σ[X = Y] over the reduced axes.
   */
  static void extremum(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String x = ctx.input(0);
    String y = ctx.output(0);
    String axes = axesValue(ctx);
    boolean keepDims = ctx.intAttr("keepdims", 1) != 0;
    if (axes == null && ctx.intAttr("noop_with_empty_axes", 0) != 0) {
      ctx.setInputGradient(0, g.node("Identity").inputs(ctx.outputGradient(0)).outputs(ctx.gradientName(0)).get(0));
      return;
    }
    String kept = y;
    String dY = ctx.outputGradient(0);
    if (axes != null && !keepDims) {
      kept = g.node("Unsqueeze").inputs(y, axes).output(y + "_kept_dims");
      dY = g.node("Unsqueeze").inputs(dY, axes).output(dY + "_kept_dims");
    }
    String hit = g.node("Cast").inputs(g.node("Equal").inputs(x, kept).output(x + "_is_extremum"))
        .attr("to", (long) DataType.FLOAT.onnxCode()).output(x + "_extremum_hit");
    GraphBuilder.NodeBuilder count = g.node("ReduceSum").inputs(hit);
    if (axes != null) {
      count.inputs(axes);
    }
    String ties = count.attr("keepdims", 1L).output(x + "_extremum_ties");
    String share = g.node("Div").inputs(dY, ties).output(x + "_grad_share");
    ctx.setInputGradient(0, g.node("Mul").inputs(hit, share).outputs(ctx.gradientName(0)).get(0));
  }

  static void mean(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String x = ctx.input(0);
    String spread = broadcastBack(ctx, g.freshName(x + "_grad_sum"));
    // Each input element receives dY / (reduced elements) = dY · |Y| / |X|; sizes are read at run time
    // because the batch dimension, often among the reduced ones, is symbolic.
    String outSize = g.node("Cast").inputs(g.node("Size").inputs(ctx.output(0)).output(ctx.output(0) + "_size"))
        .attr("to", (long) DataType.FLOAT.onnxCode()).output(ctx.output(0) + "_count");
    String inSize = g.node("Cast").inputs(g.node("Size").inputs(x).output(x + "_size"))
        .attr("to", (long) DataType.FLOAT.onnxCode()).output(x + "_count");
    String ratio = g.node("Div").inputs(outSize, inSize).output(x + "_mean_ratio");
    ctx.setInputGradient(0, g.node("Mul").inputs(spread, ratio).outputs(ctx.gradientName(0)).get(0));
  }

  /** Expand(dY with the reduced axes restored as size 1, Shape(X)), named {@code name}. */
  private static String broadcastBack(BackwardContext ctx, String name) {
    GraphBuilder g = ctx.graph();
    String x = ctx.input(0);
    String dY = ctx.outputGradient(0);
    boolean keepDims = ctx.intAttr("keepdims", 1) != 0 || ctx.node().getOpType().equals("GlobalAveragePool");
    boolean noopWithEmptyAxes = ctx.intAttr("noop_with_empty_axes", 0) != 0;
    String axes = axesValue(ctx);
    if (axes == null && noopWithEmptyAxes) {
      return g.node("Identity").inputs(dY).outputs(name).get(0); // nothing was reduced
    }
    String shaped = dY;
    if (axes != null && !keepDims) {
      // A scalar dY (all axes reduced) expands as it is; otherwise the dropped axes come back first.
      shaped = g.node("Unsqueeze").inputs(dY, axes).output(dY + "_unsqueezed");
    }
    String shape = g.node("Shape").inputs(x).output(x + "_shape");
    return g.node("Expand").inputs(shaped, shape).outputs(name).get(0);
  }

  /** The reduced axes as an int64 value, or null when all axes are reduced (or none, see the caller). */
  private static String axesValue(BackwardContext ctx) {
    AttributeProto attr = Attributes.find(ctx.node(), "axes");
    if (attr != null) {
      return attr.getIntsCount() == 0 ? null : ctx.graph().int64s("axes",
          attr.getIntsList().stream().mapToLong(Long::longValue).toArray());
    }
    String input = ctx.input(1);
    if (input.isEmpty()) {
      return null;
    }
    long[] constant = ConstantValues.longs(ctx.graph(), input);
    return constant != null && constant.length == 0 ? null : input;
  }
}
