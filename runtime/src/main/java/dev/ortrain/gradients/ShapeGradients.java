package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.TensorProto;

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
    String[] parts = new String[count];
    for (int i = 0; i < count; i++) {
      parts[i] = ctx.needsGradient(i) ? ctx.gradientName(i) : ctx.fresh(ctx.input(i) + "_unused_grad");
    }
    String split = sameSizeAlong(ctx, a) ? repeatedSize(ctx, a, count) : sizesOfEachInput(ctx, a);
    g.node("Split").inputs(ctx.outputGradient(0), split).attr("axis", (long) a).outputs(parts);
    for (int i = 0; i < count; i++) {
      ctx.setInputGradient(i, parts[i]);
    }
  }

  /** Whether every input has the same symbolic size along axis {@code a} (the steps of an unrolled layer). */
  private static boolean sameSizeAlong(BackwardContext ctx, int a) {
    String symbol = ctx.typeOf(ctx.input(0)).shape().symbol(a);
    for (int i = 1; i < ctx.node().getInputCount(); i++) {
      if (symbol == null || !symbol.equals(ctx.typeOf(ctx.input(i)).shape().symbol(a))) {
        return false;
      }
    }
    return true;
  }

  /** The first input's size along {@code a}, {@code count} times: one Shape for all the parts. */
  private static String repeatedSize(BackwardContext ctx, int a, int count) {
    GraphBuilder g = ctx.graph();
    return g.node("Expand").inputs(sizeAlong(g, ctx.input(0), a), g.int64s("concat_count", count))
        .output(ctx.output(0) + "_split_sizes");
  }

  private static String sizesOfEachInput(BackwardContext ctx, int a) {
    GraphBuilder g = ctx.graph();
    int count = ctx.node().getInputCount();
    String[] sizes = new String[count];
    for (int i = 0; i < count; i++) {
      sizes[i] = sizeAlong(g, ctx.input(i), a);
    }
    return g.node("Concat").inputs(sizes).attr("axis", 0L).output(ctx.output(0) + "_split_sizes");
  }

  /** {@code x}'s size along axis {@code a}, a one-element int64 tensor. */
  private static String sizeAlong(GraphBuilder g, String x, int a) {
    return g.node("Shape").inputs(x).attr("start", (long) a).attr("end", (long) a + 1).output(x + "_concat_size");
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

  /**
   * dData = com.microsoft.GatherGrad(Shape(data), indices, dY): rows of dY summed into their indices. A single
   * constant index (attention's q, k, v picked from one projection) is a Pad of dY instead: zeros around
   * the one slice it read, which costs a copy where GatherGrad scatters element by element.
   */
  static void gather(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String data = ctx.input(0);
    TensorType dataType = g.typeOf(data);
    long[] index = ConstantValues.longs(g, ctx.input(1));
    TensorProto indexTensor = ConstantValues.find(g, ctx.input(1));
    boolean scalarIndex = index != null && index.length == 1 && indexTensor != null
        && indexTensor.getDimsCount() == 0;
    int rank = dataType == null ? -1 : dataType.shape().rank();
    long a = ctx.intAttr("axis", 0);
    int axis = (int) (a < 0 ? a + rank : a);
    if (scalarIndex && rank > 0 && dataType.shape().isKnown(axis)) {
      ctx.setInputGradient(0, padAroundSlice(ctx, rank, axis, index[0], dataType.shape().size(axis)));
      return;
    }
    String shape = g.node("Shape").inputs(data).output(data + "_shape");
    String dX = g.msNode("GatherGrad").inputs(shape, ctx.input(1), ctx.outputGradient(0))
        .attr("axis", ctx.intAttr("axis", 0)).outputs(ctx.gradientName(0)).get(0);
    if (dataType != null) {
      g.valueType(dX, dataType);
    }
    ctx.setInputGradient(0, dX);
  }

  /** dY as the slice {@code index} of a zero tensor with {@code size} slices along {@code axis}. */
  private static String padAroundSlice(BackwardContext ctx, int rank, int axis, long index, long size) {
    GraphBuilder g = ctx.graph();
    long i = index < 0 ? index + size : index;
    String slice = g.node("Unsqueeze").inputs(ctx.outputGradient(0), g.int64s("gather_axis", axis))
        .output(ctx.input(0) + "_grad_slice");
    long[] pads = new long[2 * rank];
    pads[axis] = i;
    pads[rank + axis] = size - 1 - i;
    return g.node("Pad").inputs(slice, g.int64s("gather_pads", pads)).outputs(ctx.gradientName(0)).get(0);
  }
}
