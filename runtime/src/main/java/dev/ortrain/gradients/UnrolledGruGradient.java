package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Gradient of an unrolled GRU layer's steps as one rule (the {@link dev.ortrain.graph.NodeGroup} that
 * {@link RecurrentUnrolling} marks), so that the sequential part of the backward pass keeps a few nodes per
 * step. A step (gate order z, r, h) computes z, r = σ(a_zr), ĥ = tanh(a_h), H' = (1 − z)⊙ĥ + z⊙H, so with
 * dH' the gradient reaching H' (dY's rows plus what the next step sends back):
 *
 * <ul>
 *   <li>da_z = dH'⊙(H − ĥ)⊙σ'(z) and da_h = dH'⊙(1 − z)⊙(1 − ĥ²), with σ' = σ(1 − σ);
 *   <li>linear_before_reset 1, a_zr = xw_zr + P_zr and a_h = xw_h + r⊙P_h with P = H·Rᵀ + Rb: da_r =
 *       da_h⊙P_h⊙σ'(r), and P's gradient dP = [da_z, da_r, da_h⊙r] gives dH = dH'⊙z + dP·R, R's gradient
 *       ΣdPᵀ·H and Rb's the sum of dP's rows;
 *   <li>linear_before_reset 0, a_zr = xw_zr + H·R_zrᵀ and a_h = xw_h + (r⊙H)·R_hᵀ: d(r⊙H) = da_h·R_h,
 *       da_r = d(r⊙H)⊙H⊙σ'(r), dH = dH'⊙z + d(r⊙H)⊙r + da_zr·R_zr. R's gradient is two products, since
 *       its rows z, r multiply H and its rows h multiply r⊙H: Σda_zrᵀ·H and Σda_hᵀ·(r⊙H). Stacking both
 *       into one product would need zero blocks as large as the operands; Rb is part of xw's bias here.
 * </ul>
 *
 * <p>Everything above that does not depend on dH' is computed for all steps at once, from the forward values
 * stacked by rows [seq·batch, ·], through ONNX Runtime's SigmoidGrad and TanhGrad kernels: the factors that
 * turn dH' into the pre-activations' gradients. Then, from the last step back, each step computes dH' and
 * what it sends back (one Gemm with R, or R_zr and R_h, and a few element-wise nodes); the steps' gradients
 * stacked by rows are xw's gradient and the left operands of R's products, in which a zero initial state
 * contributes zero rows. The rule reads the gates z (and r) of each step from the forward itself, as the
 * sequential part needs them one step at a time; stacked copies are only what the bulk factors need.
 */
final class UnrolledGruGradient {
  /** The group's domain; its node never enters a model. */
  static final String DOMAIN = UnrolledLstmGradient.DOMAIN;

  static final String OP_TYPE = "GRU";

  /**
   * The group node's inputs, in this order; the stacked ones are [seq·batch, ·] in step order. After them come
   * each step's z [batch, hidden] (seq inputs) and, for linear_before_reset 0, each step's r (seq more): the
   * forward's own values, which the sequential part reads step by step without a copy.
   */
  enum Input {
    /** X·Wᵀ plus the biases that do not depend on the state, [seq·batch, 3·hidden]. */
    PROJECTED_INPUT,
    /** R as [3·hidden, hidden] (linear_before_reset 1), or "". */
    STATE_WEIGHTS,
    /** R's rows z and r, [2·hidden, hidden] (linear_before_reset 0), or "". */
    GATE_WEIGHTS,
    /** R's rows h, [hidden, hidden] (linear_before_reset 0), or "". */
    CANDIDATE_WEIGHTS,
    /** Rb as [1, 3·hidden] (linear_before_reset 1 with B), or "". */
    RECURRENT_BIAS,
    /** [batch, hidden], or "" when zero. */
    INITIAL_STATE,
    /** z = σ(a_z). */
    UPDATE_GATES,
    /** r = σ(a_r). */
    RESET_GATES,
    /** ĥ = tanh(a_h). */
    CANDIDATES,
    /** Each step's state before it (the initial one or zeros first). */
    PREVIOUS_STATES,
    /** r⊙H, what R_h multiplies (linear_before_reset 0), or "". */
    RESET_STATES,
    /** H·R_hᵀ + Rb_h, what r multiplies (linear_before_reset 1), or "". */
    STATE_CANDIDATE_TERMS
  }

  /** The group node's outputs. */
  enum Output {
    /** The states stacked by rows (Y), or "" when nothing reads Y. */
    STATES,
    LAST_STATE
  }

  private final BackwardContext ctx;
  private final UnrolledSteps steps;
  private final GraphBuilder graph;
  private final String base;
  private final int seq;
  private final long hidden;

  private UnrolledGruGradient(BackwardContext ctx) {
    this.ctx = ctx;
    this.steps = new UnrolledSteps(ctx, ctx.output(Output.LAST_STATE.ordinal()));
    this.graph = ctx.graph();
    this.base = ctx.node().getName();
    this.seq = (int) ctx.intAttr("sequence_length", 0);
    this.hidden = ctx.intAttr("hidden_size", 0);
  }

  static void backward(BackwardContext ctx) {
    UnrolledGruGradient rule = new UnrolledGruGradient(ctx);
    if (ctx.intAttr("linear_before_reset", 0) != 0) {
      rule.linearBeforeReset();
    } else {
      rule.resetBeforeLinear();
    }
  }

  /**
   * linear_before_reset 1: per step dP = [dH', dH', dH']⊙[f_z, f_r, k⊙r], with k = (1 − z)(1 − ĥ²),
   * f_z = (H − ĥ)σ'(z), f_r = k⊙P_h⊙σ'(r); xw's gradient [dH'⊙f_z, dH'⊙f_r, dH'⊙k] after the loop, from the
   * steps' dH' stacked, since the sequential part needs only dP.
   */
  private void linearBeforeReset() {
    String sizes = steps.sizes();
    String k = candidateFactor();
    String updateFactor = updateFactor();
    String resetFactor = steps.sigmoidSlope(steps.mul(k, input(Input.STATE_CANDIDATE_TERMS), "_k_p_h"),
        input(Input.RESET_GATES), "_reset_factor");
    String kr = steps.mul(k, input(Input.RESET_GATES), "_k_r");
    List<String> productFactors = steps.splitRows(columns("_product_factors", updateFactor, resetFactor, kr), sizes,
        3 * hidden, "_dp_factors");
    List<String> dy = stepStatesGradients(sizes);
    String r = input(Input.STATE_WEIGHTS);
    String[] stateGradients = new String[seq];
    String[] productGradients = new String[seq];
    for (int t = seq - 1; t >= 0; t--) {
      stateGradients[t] = t == seq - 1 ? lastStateGradient(dy.get(t))
          : add(gemm(productGradients[t + 1], r, dy.get(t), "_t" + t + "_dh_from_p"),
              steps.mul(stateGradients[t + 1], updateGate(t + 1), "_t" + t + "_dh_through_z"), "_t" + t + "_dh");
      String spread = columns("_t" + t + "_dh3", stateGradients[t], stateGradients[t], stateGradients[t]);
      productGradients[t] = steps.mul(spread, productFactors.get(t), "_t" + t + "_dp");
    }
    if (ctx.needsGradient(Input.PROJECTED_INPUT.ordinal())) {
      String states = graph.node("Concat").inputs(stateGradients).attr("axis", 0L).output(base + "_dh_all");
      ctx.setInputGradient(Input.PROJECTED_INPUT.ordinal(), graph.node("Concat")
          .inputs(steps.mul(states, updateFactor, "_da_z_all"), steps.mul(states, resetFactor, "_da_r_all"),
              steps.mul(states, k, "_da_h_all"))
          .attr("axis", 1L).outputs(ctx.gradientName(Input.PROJECTED_INPUT.ordinal())).get(0));
    }
    String stacked = graph.node("Concat").inputs(productGradients).attr("axis", 0L).output(base + "_dp_all");
    ctx.setInputGradientAsProduct(Input.STATE_WEIGHTS.ordinal(), stacked, input(Input.PREVIOUS_STATES));
    if (ctx.needsGradient(Input.RECURRENT_BIAS.ordinal())) {
      ctx.setInputGradient(Input.RECURRENT_BIAS.ordinal(), graph.node("ReduceSum")
          .inputs(stacked, graph.int64s(base + "_grad_rows", 0))
          .outputs(ctx.gradientName(Input.RECURRENT_BIAS.ordinal())).get(0));
    }
    if (ctx.needsGradient(Input.INITIAL_STATE.ordinal())) {
      ctx.setInputGradient(Input.INITIAL_STATE.ordinal(), graph.node("Add")
          .inputs(graph.node("MatMul").inputs(productGradients[0], r).output(base + "_dh0_from_p"),
              steps.mul(stateGradients[0], updateGate(0), "_dh0_through_z"))
          .outputs(ctx.gradientName(Input.INITIAL_STATE.ordinal())).get(0));
    }
  }

  /**
   * linear_before_reset 0: per step da_h = dH'⊙k, d(r⊙H) = da_h·R_h, da_zr = [dH', d(r⊙H)]⊙[f_z, f_r], with
   * k = (1 − z)(1 − ĥ²), f_z = (H − ĥ)σ'(z), f_r = H⊙σ'(r).
   */
  private void resetBeforeLinear() {
    String sizes = steps.sizes();
    List<String> candidateFactors = steps.splitRows(candidateFactor(), sizes, hidden, "_k");
    String resetFactor = steps.sigmoidSlope(input(Input.PREVIOUS_STATES), input(Input.RESET_GATES), "_reset_factor");
    List<String> gateFactors = steps.splitRows(columns("_gate_factors", updateFactor(), resetFactor), sizes,
        2 * hidden, "_gate_factors");
    List<String> dy = stepStatesGradients(sizes);
    String gateWeights = input(Input.GATE_WEIGHTS);
    String candidateWeights = input(Input.CANDIDATE_WEIGHTS);
    String[] gateGradients = new String[seq];
    String[] candidateGradients = new String[seq];
    String[] resetStateGradients = new String[seq];
    String stateGradient = null;
    for (int t = seq - 1; t >= 0; t--) {
      stateGradient = t == seq - 1 ? lastStateGradient(dy.get(t))
          : sum("_t" + t + "_dh", gemm(gateGradients[t + 1], gateWeights, dy.get(t), "_t" + t + "_dh_from_zr"),
              steps.mul(stateGradient, updateGate(t + 1), "_t" + t + "_dh_through_z"),
              steps.mul(resetStateGradients[t + 1], resetGate(t + 1), "_t" + t + "_dh_through_r"));
      candidateGradients[t] = steps.mul(stateGradient, candidateFactors.get(t), "_t" + t + "_da_h");
      resetStateGradients[t] = graph.node("MatMul").inputs(candidateGradients[t], candidateWeights)
          .output(base + "_t" + t + "_d_rh");
      String spread = graph.node("Concat").inputs(stateGradient, resetStateGradients[t]).attr("axis", 1L)
          .output(base + "_t" + t + "_dh_d_rh");
      gateGradients[t] = steps.mul(spread, gateFactors.get(t), "_t" + t + "_da_zr");
    }
    String gates = graph.node("Concat").inputs(gateGradients).attr("axis", 0L).output(base + "_da_zr_all");
    String candidates = graph.node("Concat").inputs(candidateGradients).attr("axis", 0L).output(base + "_da_h_all");
    if (ctx.needsGradient(Input.PROJECTED_INPUT.ordinal())) {
      ctx.setInputGradient(Input.PROJECTED_INPUT.ordinal(), graph.node("Concat").inputs(gates, candidates)
          .attr("axis", 1L).outputs(ctx.gradientName(Input.PROJECTED_INPUT.ordinal())).get(0));
    }
    ctx.setInputGradientAsProduct(Input.GATE_WEIGHTS.ordinal(), gates, input(Input.PREVIOUS_STATES));
    ctx.setInputGradientAsProduct(Input.CANDIDATE_WEIGHTS.ordinal(), candidates, input(Input.RESET_STATES));
    if (ctx.needsGradient(Input.INITIAL_STATE.ordinal())) {
      ctx.setInputGradient(Input.INITIAL_STATE.ordinal(), graph.node("Sum")
          .inputs(graph.node("MatMul").inputs(gateGradients[0], gateWeights).output(base + "_dh0_from_zr"),
              steps.mul(stateGradient, updateGate(0), "_dh0_through_z"),
              steps.mul(resetStateGradients[0], resetGate(0), "_dh0_through_r"))
          .outputs(ctx.gradientName(Input.INITIAL_STATE.ordinal())).get(0));
    }
  }

  /** k = (1 − z)(1 − ĥ²) for all steps: dH' times it is the candidate pre-activation's gradient. */
  private String candidateFactor() {
    String keep = graph.node("Sub").inputs(graph.scalar(base + "_one", 1f), input(Input.UPDATE_GATES))
        .output(base + "_one_minus_z");
    return steps.tanhSlope(keep, input(Input.CANDIDATES), "_candidate_factor");
  }

  /** (H − ĥ)σ'(z) for all steps: dH' times it is the update gate pre-activation's gradient. */
  private String updateFactor() {
    String toState = graph.node("Sub").inputs(input(Input.PREVIOUS_STATES), input(Input.CANDIDATES))
        .output(base + "_h_minus_hh_all");
    return steps.sigmoidSlope(toState, input(Input.UPDATE_GATES), "_update_factor");
  }

  /** Matrices with the same rows side by side. */
  private String columns(String hint, String... parts) {
    return graph.node("Concat").inputs(parts).attr("axis", 1L).output(base + hint);
  }

  /** dY's rows of each step, or nulls when nothing reads Y. */
  private List<String> stepStatesGradients(String sizes) {
    String statesGradient = ctx.outputGradient(Output.STATES.ordinal());
    return statesGradient == null ? Arrays.asList(new String[seq])
        : steps.splitRows(statesGradient, sizes, hidden, "_dy");
  }

  /** dH' of the last step: dY's last rows, the gradient of Y_h, or their sum (the rule runs when one exists). */
  private String lastStateGradient(String dy) {
    String dLast = ctx.outputGradient(Output.LAST_STATE.ordinal());
    if (dy != null && dLast != null) {
      return add(dy, dLast, "_last_dh");
    }
    return Objects.requireNonNull(dy != null ? dy : dLast, "no gradient reaches the GRU layer's outputs");
  }

  /** Gemm(a, b, c) = a·b + c, or a MatMul when c is null. */
  private String gemm(String a, String b, String c, String hint) {
    return c == null ? graph.node("MatMul").inputs(a, b).output(base + hint)
        : graph.node("Gemm").inputs(a, b, c).output(base + hint);
  }

  /** The sum of the terms that are not null. */
  private String sum(String hint, String... terms) {
    String[] present = Arrays.stream(terms).filter(Objects::nonNull).toArray(String[]::new);
    return graph.node(present.length == 2 ? "Add" : "Sum").inputs(present).output(base + hint);
  }

  /** Step t's z, one of the inputs after {@link Input}'s. */
  private String updateGate(int t) {
    return ctx.input(Input.values().length + t);
  }

  /** Step t's r (linear_before_reset 0), after the steps' z. */
  private String resetGate(int t) {
    return ctx.input(Input.values().length + seq + t);
  }

  private String add(String a, String b, String hint) {
    return graph.node("Add").inputs(a, b).output(base + hint);
  }

  private String input(Input i) {
    return ctx.input(i.ordinal());
  }
}
