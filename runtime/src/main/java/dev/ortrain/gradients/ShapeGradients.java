package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.TensorType;

/** Gradients of operators that only move, select or replicate elements. */
final class ShapeGradients {
  private ShapeGradients() {}

  static void register(GradientRegistry r) {
    r.register("Flatten", ShapeGradients::reshapeBack);
    r.register("Reshape", ShapeGradients::reshapeBack);
    r.register("Squeeze", ShapeGradients::reshapeBack);
    r.register("Unsqueeze", ShapeGradients::reshapeBack);
    r.register("Transpose", ShapeGradients::transpose);
    r.register("Expand", ShapeGradients::expand);
    r.register("Concat", ShapeGradients::concat);
    r.register("Slice", ShapeGradients::slice);
    r.register("Split", ShapeGradients::split);
    r.register("Gather", ShapeGradients::gather);
  }

  /** dX = Reshape(dY, Shape(X)). */
  static void reshapeBack(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String x = ctx.input(0);
    String shape = g.node("Shape").inputs(x).output(x + "_shape");
    ctx.setInputGradient(0,
        g.node("Reshape").inputs(ctx.outputGradient(0), shape).outputs(ctx.gradientName(0)).get(0));
  }

  /** dX = Transpose(dY) with the inverse permutation. */
  static void transpose(BackwardContext ctx) {
    int rank = ctx.typeOf(ctx.input(0)).shape().rank();
    long[] perm = ctx.intsAttr("perm", null);
    if (perm == null) {
      perm = new long[rank];
      for (int i = 0; i < rank; i++) {
        perm[i] = rank - 1 - i; // ONNX default: reverse the axes
      }
    }
    long[] inverse = new long[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inverse[(int) perm[i]] = i;
    }
    ctx.setInputGradient(0, ctx.graph().node("Transpose").inputs(ctx.outputGradient(0)).ints("perm", inverse)
        .outputs(ctx.gradientName(0)).get(0));
  }

  /** Expand broadcasts like Add with a zero tensor: dX sums dY over the broadcast axes. */
  static void expand(BackwardContext ctx) {
    ctx.setInputGradient(0, Unbroadcast.reduce(ctx, ctx.outputGradient(0), ctx.typeOf(ctx.output(0)),
        ctx.typeOf(ctx.input(0)), ctx.gradientName(0)));
  }

  /**
   * Each input's gradient is its slice of dY along the concatenation axis: at fixed offsets when every size
   * is known, else a Split by the sizes read at run time (a class token concatenated to a batch of patches).
   */
  static void concat(BackwardContext ctx) {
    int rank = ctx.typeOf(ctx.output(0)).shape().rank();
    long axis = ctx.intAttr("axis", 0);
    int a = (int) (axis < 0 ? axis + rank : axis);
    boolean known = true;
    for (int i = 0; i < ctx.node().getInputCount(); i++) {
      known &= ctx.typeOf(ctx.input(i)).shape().isKnown(a);
    }
    if (known) {
      concatAtFixedOffsets(ctx, a);
    } else {
      concatBySizesAtRunTime(ctx, a);
    }
  }

  private static void concatAtFixedOffsets(BackwardContext ctx, int a) {
    GraphBuilder g = ctx.graph();
    long offset = 0;
    for (int i = 0; i < ctx.node().getInputCount(); i++) {
      long size = ctx.typeOf(ctx.input(i)).shape().size(a);
      if (ctx.needsGradient(i)) {
        ctx.setInputGradient(i, g.node("Slice").inputs(ctx.outputGradient(0), g.int64s("starts", offset),
            g.int64s("ends", offset + size), g.int64s("axes", a)).outputs(ctx.gradientName(i)).get(0));
      }
      offset += size;
    }
  }

  private static void concatBySizesAtRunTime(BackwardContext ctx, int a) {
    GraphBuilder g = ctx.graph();
    int count = ctx.node().getInputCount();
    String[] sizes = new String[count];
    String[] parts = new String[count];
    for (int i = 0; i < count; i++) {
      String x = ctx.input(i);
      sizes[i] = g.node("Shape").inputs(x).attr("start", (long) a).attr("end", (long) a + 1).output(x + "_concat_size");
      parts[i] = ctx.needsGradient(i) ? ctx.gradientName(i) : ctx.fresh(x + "_unused_grad");
    }
    String split = g.node("Concat").inputs(sizes).attr("axis", 0L).output(ctx.output(0) + "_split_sizes");
    g.node("Split").inputs(ctx.outputGradient(0), split).attr("axis", (long) a).outputs(parts);
    for (int i = 0; i < count; i++) {
      ctx.setInputGradient(i, parts[i]);
    }
  }

  /**
   * dX = Concat(dY_0, …, dY_n−1) along the split axis; an output no gradient reaches contributes zeros of its
   * shape. Unlike Slice's scatter into a zero tensor of X's size, this writes each element of dX once.
   */
  static void split(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String[] parts = new String[ctx.node().getOutputCount()];
    for (int i = 0; i < parts.length; i++) {
      String dY = ctx.outputGradient(i);
      parts[i] = dY != null ? dY : zerosShapedLike(g, ctx.output(i));
    }
    ctx.setInputGradient(0, g.node("Concat").inputs(parts).attr("axis", ctx.intAttr("axis", 0))
        .outputs(ctx.gradientName(0)).get(0));
  }

  private static String zerosShapedLike(GraphBuilder g, String value) {
    String shape = g.node("Shape").inputs(value).output(value + "_shape");
    return g.node("ConstantOfShape").inputs(shape).output(value + "_zero_grad");
  }

  /** dX = com.microsoft.SliceGrad(dY, Shape(X), starts, ends[, axes, steps]): dY scattered into zeros. */
  static void slice(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String x = ctx.input(0);
    String shape = g.node("Shape").inputs(x).output(x + "_shape");
    GraphBuilder.NodeBuilder n = g.msNode("SliceGrad").inputs(ctx.outputGradient(0), shape);
    for (int i = 1; i < ctx.node().getInputCount(); i++) {
      n.inputs(ctx.input(i));
    }
    ctx.setInputGradient(0, n.outputs(ctx.gradientName(0)).get(0));
  }

  /** dData = com.microsoft.GatherGrad(Shape(data), indices, dY): rows of dY summed into their indices. */
  static void gather(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String data = ctx.input(0);
    String shape = g.node("Shape").inputs(data).output(data + "_shape");
    String dX = g.msNode("GatherGrad").inputs(shape, ctx.input(1), ctx.outputGradient(0))
        .attr("axis", ctx.intAttr("axis", 0)).outputs(ctx.gradientName(0)).get(0);
    TensorType dataType = g.typeOf(data);
    if (dataType != null) {
      g.valueType(dX, dataType);
    }
    ctx.setInputGradient(0, dX);
  }
}
