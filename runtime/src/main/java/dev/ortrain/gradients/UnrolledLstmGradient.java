package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gradient of an unrolled LSTM layer's steps as one rule (the {@link dev.ortrain.graph.NodeGroup} that
 * {@link RecurrentUnrolling} marks). It reads each step's forward values where the forward pass left them
 * rather than stacked by rows, because ONNX has no views: stacking them and splitting the results back into
 * steps costs more copies than the small per-step kernels it saves (docs/imported-models-performance.md).
 *
 * <p>For each step, from the last back, with σ' = σ(1 − σ):
 *
 * <ul>
 *   <li>the factors of the gate pre-activations' gradient, in gate order i, o, f, c:
 *       [g⊙σ'(i), tanh(C)⊙σ'(o), C₋₁⊙σ'(f), i⊙(1 − g²)], through ONNX Runtime's SigmoidGrad and TanhGrad
 *       kernels, which compute x⊙σ(1 − σ) and x⊙(1 − t²) in one pass each;
 *   <li>dH = dY + dG₊₁·R (one Gemm); dC = dH⊙o⊙(1 − tanh²C) + dC₊₁⊙f₊₁ (a TanhGrad, two Mul, an Add);
 *   <li>dG = [dC, dH, dC, dC]⊙factors (a Concat, a Mul).
 * </ul>
 *
 * <p>The gradient of xw is the dG of all steps stacked, R's the one product dGᵀ·H₋₁ of all steps (a zero
 * initial state contributes zero rows).
 */
final class UnrolledLstmGradient {
  /** The group's domain; its node never enters a model. */
  static final String DOMAIN = "dev.ortrain.unrolled";

  static final String OP_TYPE = "LSTM";

  /** The group node's first inputs, in this order; each step's {@link StepValue}s follow. */
  enum Input {
    /** X·Wᵀ plus the biases, [seq·batch, 4·hidden], stacked by rows in step order. */
    PROJECTED_INPUT,
    /** R as [4·hidden, hidden]. */
    STATE_WEIGHTS,
    /** [batch, hidden], or "" when zero. */
    INITIAL_STATE,
    /** [batch, hidden], or "" when zero. */
    INITIAL_CELL,
    /** Each step's hidden state before it (the initial one or zeros first), stacked like xw: R's product reads it. */
    PREVIOUS_STATES
  }

  /** The values of one step that its gradient reads, each [batch, hidden], after the {@link Input}s step by step. */
  enum StepValue {
    /** The gates i, o and f: σ of their pre-activations. */
    INPUT_GATE,
    OUTPUT_GATE,
    FORGET_GATE,
    /** g = tanh of the candidate's pre-activation. */
    CANDIDATE,
    /** tanh of the step's new cell state. */
    CELL_TANH,
    /** The cell state before the step (the initial one or zeros first). */
    PREVIOUS_CELL
  }

  /** The group node's outputs. */
  enum Output {
    /** The states stacked by rows (Y), or "" when nothing reads Y. */
    STATES,
    LAST_STATE,
    LAST_CELL
  }

  private final BackwardContext ctx;
  private final UnrolledSteps steps;
  private final GraphBuilder graph;
  private final String base;
  private final long seq;
  private final long hidden;

  private UnrolledLstmGradient(BackwardContext ctx) {
    this.ctx = ctx;
    this.steps = new UnrolledSteps(ctx, ctx.output(Output.LAST_STATE.ordinal()));
    this.graph = ctx.graph();
    this.base = ctx.node().getName();
    this.seq = ctx.intAttr("sequence_length", 0);
    this.hidden = ctx.intAttr("hidden_size", 0);
  }

  static void backward(BackwardContext ctx) {
    new UnrolledLstmGradient(ctx).emit();
  }

  /** The group node's inputs: the {@link Input}s, then each step's {@link StepValue}s in step order. */
  static List<String> inputs(Map<Input, String> layer, List<Map<StepValue, String>> steps) {
    List<String> inputs = new ArrayList<>();
    for (Input i : Input.values()) {
      inputs.add(layer.get(i));
    }
    for (Map<StepValue, String> step : steps) {
      for (StepValue v : StepValue.values()) {
        inputs.add(step.get(v));
      }
    }
    return inputs;
  }

  private void emit() {
    String statesGradient = ctx.outputGradient(Output.STATES.ordinal());
    List<String> stepStatesGradient = statesGradient == null ? null
        : steps.splitRows(statesGradient, steps.sizes(), hidden, "_dy");
    String[] gateGradients = new String[(int) seq];
    String cellGradient = null;
    for (int t = (int) seq - 1; t >= 0; t--) {
      String dy = stepStatesGradient == null ? null : stepStatesGradient.get(t);
      String stateGradient = t == seq - 1 ? lastStateGradient(dy) : stateGradient(gateGradients[t + 1], dy, t);
      String carried = t == seq - 1 ? ctx.outputGradient(Output.LAST_CELL.ordinal())
          : steps.mul(cellGradient, value(t + 1, StepValue.FORGET_GATE), "_t" + t + "_dc_carried");
      String cellFromState = steps.tanhSlope(value(t, StepValue.OUTPUT_GATE), value(t, StepValue.CELL_TANH),
          "_t" + t + "_dc_dh_factor");
      String fromState = steps.mul(stateGradient, cellFromState, "_t" + t + "_dc_from_h");
      cellGradient = carried == null ? fromState
          : graph.node("Add").inputs(fromState, carried).output(base + "_t" + t + "_dc");
      String spread = graph.node("Concat").inputs(cellGradient, stateGradient, cellGradient, cellGradient)
          .attr("axis", 1L).output(base + "_t" + t + "_dc_dh");
      gateGradients[t] = steps.mul(spread, gateFactors(t), "_t" + t + "_dgates");
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
      ctx.setInputGradient(Input.INITIAL_CELL.ordinal(), graph.node("Mul")
          .inputs(cellGradient, value(0, StepValue.FORGET_GATE))
          .outputs(ctx.gradientName(Input.INITIAL_CELL.ordinal())).get(0));
    }
  }

  /** [g⊙σ'(i), tanh(C)⊙σ'(o), C₋₁⊙σ'(f), i⊙(1 − g²)] of step t, [batch, 4·hidden]. */
  private String gateFactors(int t) {
    String i = value(t, StepValue.INPUT_GATE);
    String g = value(t, StepValue.CANDIDATE);
    String step = "_t" + t;
    return graph.node("Concat").inputs(steps.sigmoidSlope(g, i, step + "_input_factor"),
        steps.sigmoidSlope(value(t, StepValue.CELL_TANH), value(t, StepValue.OUTPUT_GATE), step + "_output_factor"),
        steps.sigmoidSlope(value(t, StepValue.PREVIOUS_CELL), value(t, StepValue.FORGET_GATE), step + "_forget_factor"),
        steps.tanhSlope(i, g, step + "_candidate_factor")).attr("axis", 1L).output(base + step + "_gate_factors");
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

  private String input(Input i) {
    return ctx.input(i.ordinal());
  }

  private String value(int step, StepValue v) {
    return ctx.input(Input.values().length + step * StepValue.values().length + v.ordinal());
  }
}
