package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Finite-difference checks of Gemm (every transpose/alpha/beta combination) and MatMul. */
class LinearAlgebraGradientsTest extends GradientCheckCases {
  static Stream<Arguments> cases() {
    return Stream.of(
        check("Gemm transB (linear layer)", () -> gemm(false, true, 1f, 1f)),
        check("Gemm plain", () -> gemm(false, false, 1f, 1f)),
        check("Gemm transA transB alpha beta", () -> gemm(true, true, 0.5f, 2f)),
        check("Gemm transA", () -> gemm(true, false, 1.5f, 1f)),
        check("MatMul 2-D", () -> matMul(2)),
        check("MatMul 3-D by 2-D", () -> matMul(3)),
        check("MatMul batched, as attention's scores", () -> {
          GradientCheck c = GradientCheck.of("MatMul batched");
          c.graph().node("MatMul").inputs(c.batchedActivation("q", 2, 3, 4), c.batchedActivation("k", 2, 4, 3))
              .outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(2, 3, 3)));
        }),
        check("MatMul batched by a parameter broadcast over batch and heads", () -> {
          GradientCheck c = GradientCheck.of("MatMul broadcast");
          c.graph().node("MatMul").inputs(c.batchedActivation("a", 2, 3, 4), c.parameter("w", 1, 4, 2))
              .outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(2, 3, 2)));
        }),
        // A weight shared by several products (as the steps of an unrolled recurrence share R): its contributions
        // are summed as one product of the stacked operands, including the transposed form and a 3-D MatMul.
        check("Gemm and MatMul sharing one weight", () -> {
          GradientCheck c = GradientCheck.of("shared weight");
          GraphBuilder g = c.graph();
          String w = c.parameter("w", 3, 3);
          String h = g.node("Gemm").inputs(c.batchedActivation("x", 3), w).attr("transB", 1L).output("h");
          String k = g.node("Gemm").inputs(h, w, c.parameter("b", 3)).output("k");
          String z = g.node("MatMul").inputs(c.batchedActivation("s", 2, 3), w).output("z");
          String last = g.node("ReduceSum").inputs(z, g.int64s("axis", 1)).attr("keepdims", 0L).output("z_sum");
          String t = g.node("Tanh").inputs(k).output("t");
          for (String v : new String[] {h, k, t, last}) {
            g.valueType(v, TensorType.floats(Shape.batched(3)));
          }
          g.valueType(z, TensorType.floats(Shape.batched(2, 3)));
          g.node("Mul").inputs(t, last).outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(3)));
        }),
        check("MatMul 2-D parameter by batched", () -> {
          GradientCheck c = GradientCheck.of("MatMul left");
          c.graph().node("MatMul").inputs(c.parameter("w", 3, 4), c.batchedActivation("b", 2, 4, 2)).outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(2, 3, 2)));
        }));
  }

  /** Y = alpha·op(A)·op(B) + beta·C with A [3, 4] (or transposed), B [4, 2] (or transposed), C [2]. */
  static GradientCheck gemm(boolean transA, boolean transB, float alpha, float beta) {
    GradientCheck c = GradientCheck.of("Gemm " + transA + " " + transB + " " + alpha + " " + beta);
    String a = c.parameter("a", transA ? new long[] {4, 3} : new long[] {3, 4});
    String b = c.parameter("b", transB ? new long[] {2, 4} : new long[] {4, 2});
    String bias = c.parameter("c", 2);
    c.graph().node("Gemm").inputs(a, b, bias).attr("transA", transA ? 1L : 0L).attr("transB", transB ? 1L : 0L)
        .attr("alpha", alpha).attr("beta", beta).outputs("y");
    return c.predict("y", TensorType.floats(Shape.of(3, 2)));
  }

  static GradientCheck matMul(int rank) {
    GradientCheck c = GradientCheck.of("MatMul " + rank);
    GraphBuilder g = c.graph();
    String a = rank == 2 ? c.batchedActivation("a", 4) : c.batchedActivation("a", 2, 4);
    String w = c.parameter("w", 4, 3);
    g.node("MatMul").inputs(a, w).outputs("y");
    return c.predict("y", TensorType.floats(rank == 2 ? Shape.batched(3) : Shape.batched(2, 3)));
  }

}
