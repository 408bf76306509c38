package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.TensorType;

/** Gradients of Gemm and MatMul. */
final class LinearAlgebraGradients {
  private LinearAlgebraGradients() {}

  static void register(GradientRegistry r) {
    r.register("Gemm", LinearAlgebraGradients::gemm);
    r.register("MatMul", LinearAlgebraGradients::matMul);
  }

  /** Y = alpha·op(A)·op(B) + beta·C, where op transposes when transA/transB is set. */
  static void gemm(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String dY = ctx.outputGradient(0);
    String a = ctx.input(0);
    String b = ctx.input(1);
    boolean transA = ctx.intAttr("transA", 0) != 0;
    boolean transB = ctx.intAttr("transB", 0) != 0;
    float alpha = ctx.floatAttr("alpha", 1f);
    float beta = ctx.floatAttr("beta", 1f);
    if (ctx.needsGradient(0)) {
      // d op(A) = dY·op(B)ᵀ; dA is that, or its transpose when transA.
      String dA = transA
          ? gemmNode(g, b, dY, transB, true, alpha, ctx.gradientName(0))
          : gemmNode(g, dY, b, false, !transB, alpha, ctx.gradientName(0));
      ctx.setInputGradient(0, dA);
    }
    if (ctx.needsGradient(1)) {
      // d op(B) = op(A)ᵀ·dY; dB is that, or its transpose when transB.
      String dB = transB
          ? gemmNode(g, dY, a, true, transA, alpha, ctx.gradientName(1))
          : gemmNode(g, a, dY, !transA, false, alpha, ctx.gradientName(1));
      ctx.setInputGradient(1, dB);
    }
    if (ctx.needsGradient(2)) {
      String scaled = dY;
      if (beta != 1f) {
        scaled = g.node("Mul").inputs(dY, g.scalar("beta", beta)).output(dY + "_beta");
      }
      TensorType yType = ctx.typeOf(ctx.output(0));
      ctx.setInputGradient(2, Unbroadcast.reduce(ctx, scaled, yType, ctx.typeOf(ctx.input(2)), ctx.gradientName(2)));
    }
  }

  private static String gemmNode(GraphBuilder g, String x, String y, boolean tx, boolean ty, float alpha,
      String out) {
    if (!tx && !ty && alpha == 1f) {
      return g.node("MatMul").inputs(x, y).outputs(out).get(0);
    }
    GraphBuilder.NodeBuilder n = g.node("Gemm").inputs(x, y);
    if (tx) {
      n.attr("transA", 1L);
    }
    if (ty) {
      n.attr("transB", 1L);
    }
    if (alpha != 1f) {
      n.attr("alpha", alpha);
    }
    return n.outputs(out).get(0);
  }

  /**
   * Y = A·B. Handles 2-D × 2-D, and N-D × 2-D (a linear layer applied over leading dimensions, as exported
   * by PyTorch for sequence inputs), where B's gradient sums over the flattened leading dimensions.
   */
  static void matMul(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String dY = ctx.outputGradient(0);
    String a = ctx.input(0);
    String b = ctx.input(1);
    TensorType aType = ctx.typeOf(a);
    TensorType bType = ctx.typeOf(b);
    int ra = aType.shape().rank();
    int rb = bType.shape().rank();
    if (rb != 2 || ra < 2) {
      throw new UnsupportedOperationException("Gradient of " + ctx.describe() + " with inputs " + aType + " and "
          + bType + " is not supported: ortrain differentiates MatMul of an N-D tensor (N >= 2) by a 2-D matrix.");
    }
    if (ctx.needsGradient(0)) {
      String dA = ra == 2
          ? g.node("Gemm").inputs(dY, b).attr("transB", 1L).outputs(ctx.gradientName(0)).get(0)
          : g.node("MatMul").inputs(dY, g.node("Transpose").inputs(b).ints("perm", 1, 0).output(b + "_T"))
              .outputs(ctx.gradientName(0)).get(0);
      ctx.setInputGradient(0, dA);
    }
    if (ctx.needsGradient(1)) {
      String a2 = a;
      String dY2 = dY;
      if (ra > 2) {
        long k = aType.shape().size(ra - 1);
        long n = bType.shape().size(1);
        a2 = g.node("Reshape").inputs(a, g.int64s("shape", -1, k)).output(a + "_2d");
        dY2 = g.node("Reshape").inputs(dY, g.int64s("shape", -1, n)).output(dY + "_2d");
      }
      ctx.setInputGradient(1,
          g.node("Gemm").inputs(a2, dY2).attr("transA", 1L).outputs(ctx.gradientName(1)).get(0));
    }
  }
}
