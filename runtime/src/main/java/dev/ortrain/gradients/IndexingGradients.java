package dev.ortrain.gradients;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.onnx.proto.Onnx.AttributeProto;

/** Gradients of operators that cut, pad, repeat or mask a tensor: Split, Pad, Tile, Trilu. */
final class IndexingGradients {
  private IndexingGradients() {}

  static void register(GradientRegistry r) {
    r.register("Split", IndexingGradients::split);
    r.register("Pad", IndexingGradients::pad);
    r.register("Tile", IndexingGradients::tile);
    r.register("Trilu", IndexingGradients::trilu);
  }

  /** dX = Concat(dY₀, dY₁, …) along the split axis; a part no gradient reaches contributes zeros. */
  static void split(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    int parts = ctx.node().getOutputCount();
    String[] grads = new String[parts];
    for (int i = 0; i < parts; i++) {
      String dY = ctx.outputGradient(i);
      if (dY == null) {
        String y = ctx.output(i);
        dY = g.node("ConstantOfShape").inputs(g.node("Shape").inputs(y).output(y + "_shape")).output(y + "_zero_grad");
      }
      grads[i] = dY;
    }
    ctx.setInputGradient(0, g.node("Concat").inputs(grads).attr("axis", ctx.intAttr("axis", 0))
        .outputs(ctx.gradientName(0)).get(0));
  }

  /**
   * Constant padding adds values that do not depend on X, so dX is dY with the padding cut off: a Pad by the
   * negated pads (negative pads crop, and cropped elements, where the forward pads were negative, get zeros).
   */
  static void pad(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String mode = ctx.stringAttr("mode", "constant");
    if (!mode.equals("constant")) {
      throw new UnsupportedOperationException("Cannot differentiate " + ctx.describe() + " in mode '" + mode
          + "': ortrain differentiates constant padding only; pad with zeros (mode 'constant') instead");
    }
    AttributeProto padsAttr = Attributes.find(ctx.node(), "pads");
    String pads = padsAttr != null
        ? g.int64s("pads", padsAttr.getIntsList().stream().mapToLong(Long::longValue).toArray())
        : ctx.input(1);
    String negated = g.node("Neg").inputs(pads).output(ctx.output(0) + "_unpads");
    GraphBuilder.NodeBuilder n = g.node("Pad").inputs(ctx.outputGradient(0), negated);
    if (!ctx.input(3).isEmpty()) {
      n.inputs("", ctx.input(3)); // the axes the pads apply to (opset 18)
    }
    ctx.setInputGradient(0, n.outputs(ctx.gradientName(0)).get(0));
  }

  /**
   * Y = Tile(X, r) holds r₀·r₁·… copies of X: dY reshaped to [r₀, d₀, r₁, d₁, …] and summed over the
   * repeat axes (0, 2, 4, …) is dX. The interleaved shape is built at run time from X's shape.
   */
  static void tile(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String x = ctx.input(0);
    int rank = ctx.typeOf(x).shape().rank();
    String column = g.int64s("tile_column_axis", 1);
    String dims = g.node("Unsqueeze").inputs(g.node("Shape").inputs(x).output(x + "_shape"), column)
        .output(x + "_dims_column");
    String repeats = g.node("Unsqueeze").inputs(ctx.input(1), column).output(x + "_repeats_column");
    String pairs = g.node("Concat").inputs(repeats, dims).attr("axis", 1L).output(x + "_tile_pairs");
    String shape = g.node("Reshape").inputs(pairs, g.int64s("flat", -1)).output(x + "_tile_shape");
    String split = g.node("Reshape").inputs(ctx.outputGradient(0), shape).output(x + "_grad_tiles");
    long[] repeatAxes = new long[rank];
    for (int i = 0; i < rank; i++) {
      repeatAxes[i] = 2L * i;
    }
    ctx.setInputGradient(0, g.node("ReduceSum").inputs(split, g.int64s("repeat_axes", repeatAxes))
        .attr("keepdims", 0L).outputs(ctx.gradientName(0)).get(0));
  }

  /** Y keeps a triangle of X: dX keeps the same triangle of dY. */
  static void trilu(BackwardContext ctx) {
    GraphBuilder.NodeBuilder n = ctx.graph().node("Trilu").inputs(ctx.outputGradient(0))
        .attr("upper", ctx.intAttr("upper", 1));
    if (!ctx.input(1).isEmpty()) {
      n.inputs(ctx.input(1));
    }
    ctx.setInputGradient(0, n.outputs(ctx.gradientName(0)).get(0));
  }
}
