package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Tensors;

/**
 * Gradients of the upsampling operators ConvTranspose and Resize, with standard ops: ONNX Runtime
 * has no CPU kernel for ConvTransposeGrad or ResizeGrad.
 */
final class ResamplingGradients {
  private ResamplingGradients() {}

  static void register(GradientRegistry r) {
    r.register("ConvTranspose", ResamplingGradients::convTranspose);
    r.register("Resize", ResamplingGradients::resize);
  }

  /**
   * Y = ConvTranspose(X, W, B) with W [C_in, C_out/group, kernel] is the input gradient of the Conv that maps
   * Y-sized tensors to X-sized ones with the same W, strides, pads, dilations and groups; so
   *
   * <ul>
   *   <li>dX = Conv(dY, W) with those attributes;
   *   <li>dW[ci, co, k] = Σ_n,p X[n, ci, p]·dY_padded[n, co, p·stride + k·dilation]: that Conv's weight
   *       gradient, see {@link TransposedConvolution#weightGradient};
   *   <li>dB = Σ dY over the batch and spatial axes.
   * </ul>
   */
  static void convTranspose(BackwardContext ctx) {
    TransposedConvolution conv = TransposedConvolution.of(ctx);
    GraphBuilder g = ctx.graph();
    String dY = ctx.outputGradient(0);
    if (ctx.needsGradient(0)) {
      String dX = g.node("Conv").inputs(dY, ctx.input(1)).ints("kernel_shape", conv.kernel())
          .ints("strides", conv.strides()).ints("dilations", conv.dilations()).ints("pads", conv.pads())
          .attr("group", conv.group()).outputs(ctx.gradientName(0)).get(0);
      g.valueType(dX, ctx.typeOf(ctx.input(0)));
      ctx.setInputGradient(0, dX);
    }
    if (ctx.needsGradient(1)) {
      conv.weightGradient(dY);
    }
    if (!ctx.input(2).isEmpty() && ctx.needsGradient(2)) {
      long[] axes = new long[conv.kernel().length + 1];
      for (int i = 1; i < axes.length; i++) {
        axes[i] = i + 1;
      }
      String dB = g.node("ReduceSum").inputs(dY, g.int64s(ctx.input(2) + "_grad_axes", axes))
          .attr("keepdims", 0L).outputs(ctx.gradientName(2)).get(0);
      ctx.setInputGradient(2, dB);
    }
  }

  /**
   * Y = Resize(X) is linear in X and separable: along each resized axis, Y = A·X with A [out, in] holding the
   * interpolation weights ({@link Interpolation#weights}). Only the last two axes may be resized, so
   * dX = A_rowsᵀ · dY · A_columns (MatMuls broadcast over the leading axes); an axis that keeps its size and
   * scale is skipped.
   */
  static void resize(BackwardContext ctx) {
    if (!ctx.needsGradient(0)) {
      return;
    }
    ResizeAxes axes = ResizeAxes.of(ctx);
    GraphBuilder g = ctx.graph();
    String x = ctx.input(0);
    int rank = axes.rank();
    boolean columns = axes.resizes(rank - 1);
    boolean rows = rank >= 2 && axes.resizes(rank - 2);
    String d = ctx.outputGradient(0);
    if (columns) {
      // dY·A: [.., out_rows, out_cols] × [out_cols, in_cols]
      String a = g.initializer(Tensors.floats(g.freshName(x + "_resize_columns"),
          new long[] {axes.out(rank - 1), axes.in(rank - 1)}, axes.weights(rank - 1)));
      d = rows ? g.node("MatMul").inputs(d, a).output(x + "_grad_columns")
          : g.node("MatMul").inputs(d, a).outputs(ctx.gradientName(0)).get(0);
    }
    if (rows) {
      // Aᵀ·d: [in_rows, out_rows] × [.., out_rows, in_cols]
      String a = g.initializer(Tensors.floats(g.freshName(x + "_resize_rows"),
          new long[] {axes.in(rank - 2), axes.out(rank - 2)}, transpose(axes.weights(rank - 2),
              axes.out(rank - 2), axes.in(rank - 2))));
      d = g.node("MatMul").inputs(a, d).outputs(ctx.gradientName(0)).get(0);
    }
    if (columns || rows) {
      g.valueType(d, ctx.typeOf(x));
    }
    ctx.setInputGradient(0, d);
  }

  /** The transpose of a row-major [rows, cols] matrix. */
  private static float[] transpose(float[] m, long rows, long cols) {
    int r = Math.toIntExact(rows);
    int c = Math.toIntExact(cols);
    float[] t = new float[m.length];
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        t[j * r + i] = m[i * c + j];
      }
    }
    return t;
  }
}
