package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Finite-difference checks of reductions, with axes as attribute and as input, kept or dropped. */
class ReductionGradientsTest extends GradientCheckCases {
  static Stream<Arguments> cases() {
    return Stream.of(
        check("ReduceSum axes input keepdims 0", () -> reduce("ReduceSum", 17, true, new long[] {1}, 0,
            Shape.batched(3))),
        check("ReduceSum negative axis keepdims 1", () -> reduce("ReduceSum", 17, true, new long[] {-1}, 1,
            Shape.batched(2, 1))),
        // A smaller step keeps the perturbed elements from overtaking the maximum of their row.
        check("ReduceMax axes attribute keepdims 0", () -> reduce("ReduceMax", 17, false, new long[] {2}, 0,
            Shape.batched(2)).tolerance(1e-3, 1e-2, 1e-3)),
        check("ReduceMax axes input opset 18 keepdims 1", () -> reduce("ReduceMax", 18, true, new long[] {1}, 1,
            Shape.batched(1, 3)).tolerance(1e-3, 1e-2, 1e-3)),
        check("ReduceMin over all axes", () -> reduce("ReduceMin", 17, false, null, 0, Shape.of())
            .tolerance(1e-3, 1e-2, 1e-3)),
        check("ReduceSum over batch", () -> reduce("ReduceSum", 17, true, new long[] {0, 2}, 0, Shape.of(2))),
        check("ReduceSum noop with empty axes", () -> {
          GradientCheck c = GradientCheck.of("ReduceSum noop");
          String x = c.batchedActivation("x", 2, 3);
          c.graph().node("ReduceSum").inputs(x).attr("noop_with_empty_axes", 1L).outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(2, 3)));
        }),
        check("ReduceMean axes attribute opset 17", () -> reduce("ReduceMean", 17, false, new long[] {1, 2}, 0,
            Shape.batched())),
        check("ReduceMean axes input opset 18", () -> reduce("ReduceMean", 18, true, new long[] {0}, 1,
            Shape.of(1, 2, 3))),
        check("ReduceMean all axes", () -> reduce("ReduceMean", 17, false, null, 0, Shape.of())),
        check("GlobalAveragePool", () -> {
          GradientCheck c = GradientCheck.of("GlobalAveragePool");
          String x = c.batchedActivation("x", 2, 3, 3);
          c.graph().node("GlobalAveragePool").inputs(x).outputs("y");
          return c.predict("y", TensorType.floats(Shape.batched(2, 1, 1)));
        }));
  }

  /** op over x [batch, 2, 3]; axes null reduces everything. */
  static GradientCheck reduce(String op, int opset, boolean axesAsInput, long[] axes, long keepDims, Shape out) {
    GradientCheck c = GradientCheck.of(op + " " + opset + " " + (axes == null ? "all" : axes.length)).opset(opset);
    GraphBuilder g = c.graph();
    String x = c.batchedActivation("x", 2, 3);
    GraphBuilder.NodeBuilder n = g.node(op).attr("keepdims", keepDims);
    if (axes == null) {
      n.inputs(x);
    } else if (axesAsInput) {
      n.inputs(x, g.int64s("axes", axes));
    } else {
      n.inputs(x).ints("axes", axes);
    }
    n.outputs("y");
    return c.predict("y", TensorType.floats(out));
  }

}
