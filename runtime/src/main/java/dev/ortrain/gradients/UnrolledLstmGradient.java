package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient of an unrolled LSTM layer's steps as one rule (the {@link dev.ortrain.graph.NodeGroup} that
 * {@link RecurrentUnrolling} marks), so that the sequential part of the backward pass keeps six nodes per
 * step. What the gate derivatives need apart from the incoming gradients is computed for all steps at once,
 * from the forward values stacked by rows [seq·batch, ·]:
 *
 * <ul>
 *   <li>the factors of the gate pre-activations' gradient, in gate order i, o, f, c:
 *       g⊙σ'(i), tanh(C)⊙σ'(o), C₋₁⊙σ'(f), i⊙(1 − g²), with σ' = σ(1 − σ);
 *   <li>dC/dH through H = o⊙tanh(C): o⊙(1 − tanh²C).
 * </ul>
 *
 * <p>Then, from the last step back: dH = dY + dG₊₁·R (one Gemm), dC = dH⊙(dC/dH) + dC₊₁⊙f₊₁ (two Mul, an
 * Add), dG = [dC, dH, dC, dC]⊙factors (a Concat, a Mul). The gradient of xw is the dG of all steps stacked,
 * R's the one product dGᵀ·H₋₁ of all steps (a zero initial state contributes zero rows).
 */
final class UnrolledLstmGradient {
  /** The group's domain; its node never enters a model. */
  static final String DOMAIN = "dev.ortrain.unrolled";

  static final String OP_TYPE = "LSTM";

  /** The group node's inputs, in this order; the stacked ones are [seq·batch, ·] in step order. */
  enum Input {
    /** X·Wᵀ plus the biases, [seq·batch, 4·hidden]. */
    PROJECTED_INPUT,
    /** R as [4·hidden, hidden]. */
    STATE_WEIGHTS,
    /** [batch, hidden], or "" when zero. */
    INITIAL_STATE,
    /** [batch, hidden], or "" when zero. */
    INITIAL_CELL,
    /** The gates i, o and f: σ of their pre-activations. */
    INPUT_GATES,
    OUTPUT_GATES,
    FORGET_GATES,
    /** g = tanh of the candidate's pre-activation. */
    CANDIDATES,
    /** tanh of each step's new cell state. */
    CELL_TANH,
    /** Each step's cell state before it (the initial one or zeros first). */
    PREVIOUS_CELLS,
    /** Each step's hidden state before it (the initial one or zeros first). */
    PREVIOUS_STATES
  }

  /** The group node's outputs. */
  enum Output {
    /** The states stacked by rows (Y), or "" when nothing reads Y. */
    STATES,
    LAST_STATE,
    LAST_CELL
  }

  private final BackwardContext ctx;
  private final GraphBuilder graph;
  private final String base;
  private final long seq;
  private final long hidden;

  private UnrolledLstmGradient(BackwardContext ctx) {
    this.ctx = ctx;
    this.graph = ctx.graph();
    this.base = ctx.node().getName();
    this.seq = ctx.intAttr("sequence_length", 0);
    this.hidden = ctx.intAttr("hidden_size", 0);
  }

  static void backward(BackwardContext ctx) {
    new UnrolledLstmGradient(ctx).emit();
  }

  private void emit() {
    String sizes = stepSizes();
    String factors = gateFactors();
    String cellFromState = tanhSlope(input(Input.OUTPUT_GATES), input(Input.CELL_TANH), "_dc_dh");
    List<String> stepFactors = splitRows(factors, sizes, 4 * hidden, "_gate_factors");
    List<String> stepCellFromState = splitRows(cellFromState, sizes, hidden, "_dc_dh");
    List<String> forget = splitRows(input(Input.FORGET_GATES), sizes, hidden, "_forget");
    String statesGradient = ctx.outputGradient(Output.STATES.ordinal());
    List<String> stepStatesGradient = statesGradient == null ? null
        : splitRows(statesGradient, sizes, hidden, "_dy");
    String[] gateGradients = new String[(int) seq];
    String cellGradient = null;
    for (int t = (int) seq - 1; t >= 0; t--) {
      String dy = stepStatesGradient == null ? null : stepStatesGradient.get(t);
      String stateGradient = t == seq - 1 ? lastStateGradient(dy) : stateGradient(gateGradients[t + 1], dy, t);
      String carried = t == seq - 1 ? ctx.outputGradient(Output.LAST_CELL.ordinal())
          : mul(cellGradient, forget.get(t + 1), "_t" + t + "_dc_carried");
      String fromState = mul(stateGradient, stepCellFromState.get(t), "_t" + t + "_dc_from_h");
      cellGradient = carried == null ? fromState
          : graph.node("Add").inputs(fromState, carried).output(base + "_t" + t + "_dc");
      String spread = graph.node("Concat").inputs(cellGradient, stateGradient, cellGradient, cellGradient)
          .attr("axis", 1L).output(base + "_t" + t + "_dc_dh");
      gateGradients[t] = mul(spread, stepFactors.get(t), "_t" + t + "_dgates");
    }
    int projected = Input.PROJECTED_INPUT.ordinal();
    String stacked = graph.node("Concat").inputs(gateGradients).attr("axis", 0L).outputs(
        ctx.needsGradient(projected) ? ctx.gradientName(projected) : ctx.fresh(base + "_dgates_all")).get(0);
    ctx.setInputGradient(Input.PROJECTED_INPUT.ordinal(), stacked);
    ctx.setInputGradientAsProduct(Input.STATE_WEIGHTS.ordinal(), stacked, input(Input.PREVIOUS_STATES));
    if (ctx.needsGradient(Input.INITIAL_STATE.ordinal())) {
      ctx.setInputGradient(Input.INITIAL_STATE.ordinal(), graph.node("MatMul")
          .inputs(gateGradients[0], input(Input.STATE_WEIGHTS))
          .outputs(ctx.gradientName(Input.INITIAL_STATE.ordinal())).get(0));
    }
    if (ctx.needsGradient(Input.INITIAL_CELL.ordinal())) {
      ctx.setInputGradient(Input.INITIAL_CELL.ordinal(), graph.node("Mul").inputs(cellGradient, forget.get(0))
          .outputs(ctx.gradientName(Input.INITIAL_CELL.ordinal())).get(0));
    }
  }

  /**
   * [g⊙σ'(i), tanh(C)⊙σ'(o), C₋₁⊙σ'(f), i⊙(1 − g²)] for all steps, [seq·batch, 4·hidden], through ONNX
   * Runtime's SigmoidGrad and TanhGrad kernels, which compute x⊙σ(1 − σ) and x⊙(1 − t²) in one pass each.
   * The gates are stacked one by one, so that no operand needs a copy to line up with another.
   */
  private String gateFactors() {
    String inputFactor = sigmoidSlope(input(Input.CANDIDATES), input(Input.INPUT_GATES), "_input_factor");
    String outputFactor = sigmoidSlope(input(Input.CELL_TANH), input(Input.OUTPUT_GATES), "_output_factor");
    String forgetFactor = sigmoidSlope(input(Input.PREVIOUS_CELLS), input(Input.FORGET_GATES), "_forget_factor");
    String candidateFactor = tanhSlope(input(Input.INPUT_GATES), input(Input.CANDIDATES), "_candidate_factor");
    return graph.node("Concat").inputs(inputFactor, outputFactor, forgetFactor, candidateFactor).attr("axis", 1L)
        .output(base + "_gate_factors");
  }

  /** x⊙σ(1 − σ) for σ = sigmoid(·). */
  private String sigmoidSlope(String x, String sigmoid, String hint) {
    return graph.msNode("SigmoidGrad").inputs(x, sigmoid).output(base + hint);
  }

  /** x⊙(1 − t²) for t = tanh(·). */
  private String tanhSlope(String x, String t, String hint) {
    return graph.msNode("TanhGrad").inputs(x, t).output(base + hint);
  }

  /** dH of the last step: dY's last rows plus the gradient of Y_h, or zeros when only Y_c is read. */
  private String lastStateGradient(String dy) {
    String dLast = ctx.outputGradient(Output.LAST_STATE.ordinal());
    if (dy != null && dLast != null) {
      return graph.node("Add").inputs(dy, dLast).output(base + "_last_dh");
    }
    if (dy != null || dLast != null) {
      return dy != null ? dy : dLast;
    }
    String shape = graph.node("Shape").inputs(ctx.output(Output.LAST_STATE.ordinal())).output(base + "_dh_shape");
    return graph.node("ConstantOfShape").inputs(shape).output(base + "_last_dh_zero");
  }

  /** dH of step t: dG₊₁·R, plus dY's rows of step t when Y is read. */
  private String stateGradient(String nextGates, String dy, int t) {
    String r = input(Input.STATE_WEIGHTS);
    return dy == null ? graph.node("MatMul").inputs(nextGates, r).output(base + "_t" + t + "_dh")
        : graph.node("Gemm").inputs(nextGates, r, dy).output(base + "_t" + t + "_dh");
  }

  /** The rows of each step: the batch size, seq times. */
  private String stepSizes() {
    String batch = graph.node("Shape").inputs(ctx.output(Output.LAST_STATE.ordinal())).attr("start", 0L)
        .attr("end", 1L).output(base + "_grad_batch_size");
    return graph.node("Expand").inputs(batch, graph.int64s(base + "_grad_seq", seq)).output(base + "_grad_step_sizes");
  }

  /**
   * The steps' rows of {@code matrix} [seq·batch, cols], typed [batch, cols]: ONNX Runtime cannot infer the
   * shapes of a Split whose sizes are computed, and unknown shapes cost it when it plans memory.
   */
  private List<String> splitRows(String matrix, String sizes, long cols, String hint) {
    String[] names = names(hint, seq);
    TensorType step = TensorType.floats(Shape.fromProto(TensorShapeProto.newBuilder()
        .addDim(ctx.typeOf(ctx.output(Output.LAST_STATE.ordinal())).shape().toProto().getDim(0))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(cols)).build()));
    for (String name : names) {
      graph.valueType(name, step);
    }
    return graph.node("Split").inputs(matrix, sizes).attr("axis", 0L).outputs(names);
  }

  private String[] names(String hint, long count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(graph.freshName(base + hint + "_" + i));
    }
    return names.toArray(String[]::new);
  }

  private String mul(String a, String b, String hint) {
    return graph.node("Mul").inputs(a, b).output(base + hint);
  }

  private String input(Input i) {
    return ctx.input(i.ordinal());
  }
}
