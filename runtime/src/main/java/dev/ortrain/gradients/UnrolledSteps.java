package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;
import java.util.ArrayList;
import java.util.List;

/**
 * What the gradient rules of the unrolled recurrent layers ({@link UnrolledLstmGradient},
 * {@link UnrolledGruGradient}) share: the rows of their steps in a matrix stacked by rows, and the element-wise
 * kernels they build the gate derivatives from. Names are the group node's name with a hint appended.
 */
final class UnrolledSteps {
  private final BackwardContext ctx;
  private final GraphBuilder graph;
  private final String base;
  private final int seq;
  private final String lastState;

  /**
   * @param lastState the group's output holding the last state [batch, hidden], whose batch dimension the
   *     steps' rows have
   */
  UnrolledSteps(BackwardContext ctx, String lastState) {
    this.ctx = ctx;
    this.graph = ctx.graph();
    this.base = ctx.node().getName();
    this.seq = (int) ctx.intAttr("sequence_length", 0);
    this.lastState = lastState;
  }

  /** The rows of each step: the batch size, seq times. */
  String sizes() {
    String batch = graph.node("Shape").inputs(lastState).attr("start", 0L).attr("end", 1L)
        .output(base + "_grad_batch_size");
    return graph.node("Expand").inputs(batch, graph.int64s(base + "_grad_seq", seq)).output(base + "_grad_step_sizes");
  }

  /**
   * The steps' rows of {@code matrix} [seq·batch, cols], typed [batch, cols]: ONNX Runtime cannot infer the
   * shapes of a Split whose sizes are computed, and unknown shapes cost it when it plans memory.
   */
  List<String> splitRows(String matrix, String sizes, long cols, String hint) {
    TensorType step = TensorType.floats(Shape.fromProto(TensorShapeProto.newBuilder()
        .addDim(ctx.typeOf(lastState).shape().toProto().getDim(0))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(cols)).build()));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < seq; i++) {
      names.add(graph.freshName(base + hint + "_" + i));
      graph.valueType(names.get(i), step);
    }
    return graph.node("Split").inputs(matrix, sizes).attr("axis", 0L).outputs(names.toArray(String[]::new));
  }

  /** x⊙σ(1 − σ) for σ = sigmoid(·), through ONNX Runtime's SigmoidGrad kernel (one pass). */
  String sigmoidSlope(String x, String sigmoid, String hint) {
    return graph.msNode("SigmoidGrad").inputs(x, sigmoid).output(base + hint);
  }

  /** x⊙(1 − t²) for t = tanh(·), through ONNX Runtime's TanhGrad kernel (one pass). */
  String tanhSlope(String x, String t, String hint) {
    return graph.msNode("TanhGrad").inputs(x, t).output(base + hint);
  }

  String mul(String a, String b, String hint) {
    return graph.node("Mul").inputs(a, b).output(base + hint);
  }
}
