package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;

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
    if (ctx.needsGradient(1) && !transA && alpha == 1f) {
      // dB = Aᵀ·dY, or dYᵀ·A when transB: products the builder can stack with the other steps' of a shared B.
      if (transB) {
        ctx.setInputGradientAsProduct(1, dY, a);
      } else {
        ctx.setInputGradientAsProduct(1, a, dY);
      }
    } else if (ctx.needsGradient(1)) {
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
   * Y = A·B. N-D × 2-D (a linear layer over leading dimensions, as PyTorch exports it for sequences) sums
   * B's gradient over the flattened leading dimensions; any other pair of operands of rank ≥ 2 (attention's
   * Q·Kᵀ and P·V) is a batch of matrix products, see {@link #batchedMatMul}.
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
    if (ra < 2 || rb < 2) {
      throw new UnsupportedOperationException("Gradient of " + ctx.describe() + " with inputs " + aType + " and "
          + bType + " is not supported: ortrain differentiates MatMul of operands of rank 2 or more; write the"
          + " vector as a matrix with one row or column (unsqueeze it) before the product");
    }
    if (rb != 2) {
      batchedMatMul(ctx, aType, bType);
      return;
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
      ctx.setInputGradientAsProduct(1, a2, dY2);
    }
  }

  /**
   * Y[..] = A[..]·B[..] over broadcast leading axes: dA = dY·Bᵀ and dB = Aᵀ·dY (ᵀ swaps the last two axes),
   * each summed over the leading axes its operand was broadcast along.
   */
  static void batchedMatMul(BackwardContext ctx, TensorType aType, TensorType bType) {
    GraphBuilder g = ctx.graph();
    String dY = ctx.outputGradient(0);
    Shape y = ctx.typeOf(ctx.output(0)).shape();
    if (ctx.needsGradient(0)) {
      String full = g.node("MatMul").inputs(dY, swapLastAxes(g, ctx.input(1), bType))
          .output(ctx.input(0) + "_grad_full");
      ctx.setInputGradient(0, Unbroadcast.reduce(ctx, full, withLastTwoOf(y, aType.shape()), aType,
          ctx.gradientName(0)));
    }
    if (ctx.needsGradient(1)) {
      String full = g.node("MatMul").inputs(swapLastAxes(g, ctx.input(0), aType), dY)
          .output(ctx.input(1) + "_grad_full");
      ctx.setInputGradient(1, Unbroadcast.reduce(ctx, full, withLastTwoOf(y, bType.shape()), bType,
          ctx.gradientName(1)));
    }
  }

  private static String swapLastAxes(GraphBuilder g, String x, TensorType type) {
    int rank = type.shape().rank();
    long[] perm = new long[rank];
    for (int i = 0; i < rank; i++) {
      perm[i] = i;
    }
    perm[rank - 2] = rank - 1;
    perm[rank - 1] = rank - 2;
    return g.node("Transpose").inputs(x).ints("perm", perm).output(x + "_swapped");
  }

  /** Y's leading (broadcast) axes followed by the last two axes of an operand: its gradient before reduction. */
  private static TensorType withLastTwoOf(Shape y, Shape operand) {
    TensorShapeProto.Builder proto = TensorShapeProto.newBuilder();
    TensorShapeProto yProto = y.toProto();
    TensorShapeProto operandProto = operand.toProto();
    for (int i = 0; i < y.rank() - 2; i++) {
      proto.addDim(yProto.getDim(i));
    }
    proto.addDim(operandProto.getDim(operand.rank() - 2)).addDim(operandProto.getDim(operand.rank() - 1));
    return TensorType.floats(Shape.fromProto(proto.build()));
  }
}
