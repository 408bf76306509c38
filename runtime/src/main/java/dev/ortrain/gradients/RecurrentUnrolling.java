package dev.ortrain.gradients;

import dev.ortrain.gradients.GradientFormulation.Recurrence;
import dev.ortrain.gradients.RecurrentRewrite.Cell;
import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.GraphBuilder.NodeBuilder;
import dev.ortrain.graph.NodeGroup;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto.Dimension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Training form of {@code LSTM} and {@code GRU} under {@link Recurrence#UNROLLED}: the recurrence written out
 * over its static sequence length in standard operators that have gradient rules, so that the gradient
 * builder differentiates it like any other graph. The input projection X·Wᵀ of all steps is one MatMul (with
 * the biases that do not depend on the state), split into steps; each step multiplies the state by Rᵀ with
 * one Gemm and applies the gate equations of the ONNX specification (LSTM gates i, o, f, c; GRU z, r, h, with
 * linear_before_reset 0 or 1). An absent initial state is zero, so the first step leaves out its state terms.
 * Y, Y_h and Y_c keep their names, so consumers are unchanged; outputs nothing reads are not computed.
 * A layer's steps form a {@link NodeGroup} that {@link UnrolledLstmGradient} or {@link UnrolledGruGradient}
 * differentiates as one node.
 *
 * <p>Covers the same nodes as the kernels (see {@link RecurrentRewrite#checkSupported}), with a sequence
 * length known when the model is built ({@link #applies}); TrainingRewrite gives the others to the kernels.
 */
final class RecurrentUnrolling {
  private final GraphBuilder graph;
  private final NodeProto node;
  private final Cell cell;
  private final String base;
  private final long seq;
  private final long hidden;
  private final Dimension batch;
  private final Dimension inputSize;
  private final String firstAxis;
  /** R as [gates·hidden, hidden]. */
  private final String stateWeights;

  private RecurrentUnrolling(GraphBuilder graph, NodeProto node, Cell cell) {
    this.graph = graph;
    this.node = node;
    this.cell = cell;
    this.base = node.getName().isEmpty() ? cell.name().toLowerCase(Locale.ROOT) : node.getName();
    TensorShapeProto x = RecurrentRewrite.sequenceInput(graph, node).shape().toProto();
    if (!x.getDim(0).hasDimValue()) {
      throw new IllegalArgumentException(RecurrentRewrite.describe(node) + " cannot be unrolled: the sequence"
          + " length of its input X '" + node.getInput(0) + "' (dimension 0) is not fixed but '"
          + x.getDim(0).getDimParam() + "'. Export the model with a fixed sequence length, or train it with"
          + " GradientFormulation.Recurrence.KERNEL");
    }
    this.seq = x.getDim(0).getDimValue();
    this.hidden = RecurrentRewrite.hiddenSize(graph, node);
    this.batch = x.getDim(1);
    this.inputSize = x.getDim(2);
    this.firstAxis = graph.int64s(base + "_axis_0", 0);
    this.stateWeights = matrixOf(node.getInput(2), hidden, "_r");
  }

  /** Whether X's sequence length (its dimension 0) is fixed, which unrolling needs. */
  static boolean applies(GraphBuilder graph, NodeProto n) {
    TensorType x = graph.typeOf(n.getInput(0));
    return x != null && x.shape().rank() == 3 && x.shape().isKnown(0);
  }

  /** Appends the unrolled training form of the LSTM or GRU node {@code n} to {@code graph}. */
  static void rewrite(GraphBuilder graph, NodeProto n) {
    Cell cell = Cell.valueOf(n.getOpType());
    RecurrentRewrite.checkSupported(graph, n, cell, Recurrence.UNROLLED);
    new RecurrentUnrolling(graph, n, cell).unroll();
  }

  private void unroll() {
    String xw = inputProjection();
    String h = initialState(5);
    String c = cell == Cell.LSTM ? initialState(6) : null;
    GruWeights gru = cell == Cell.GRU ? gruWeights() : null;
    int firstStepNode = graph.nodes().size();
    List<String> projected = splitRows(xw, node.getInput(0), "_xw_step", rows(cell.gates * hidden));
    List<String> states = new ArrayList<>();
    if (cell == Cell.LSTM) {
      String initialState = h;
      String initialCell = c;
      List<LstmStep> steps = new ArrayList<>();
      for (int t = 0; t < seq; t++) {
        LstmStep step = lstmStep(base + "_t" + t, projected.get(t), h, c);
        steps.add(step);
        h = step.state();
        c = step.cell();
        states.add(h);
      }
      String stacked = stackedStates(states);
      groupLstm(firstStepNode, xw, initialState, initialCell, steps, stacked);
      emitOutputs(stacked, h, c);
      return;
    }
    String initialState = h;
    List<GruStep> steps = new ArrayList<>();
    for (int t = 0; t < seq; t++) {
      GruStep step = gruStep(base + "_t" + t, projected.get(t), h, gru);
      steps.add(step);
      h = step.state();
      states.add(h);
    }
    String stacked = stackedStates(states);
    groupGru(firstStepNode, xw, initialState, gru, steps, stacked);
    emitOutputs(stacked, h, null);
  }

  // ---- inputs ----

  /**
   * X·Wᵀ + (the state-independent biases) for every step, [seq·batch, gates·hidden]: X flattened to
   * [seq·batch, input] times Wᵀ in one MatMul. The steps take it split by rows, which needs no per-step
   * Squeeze, so the gradient of all steps is one Concat straight into the MatMul's gradient.
   */
  private String inputProjection() {
    long width = cell.gates * hidden;
    String w = matrixOf(node.getInput(1), inputSize, "_w");
    String wT = emit(graph.node("Transpose").inputs(w).ints("perm", 1, 0), "_w_t", type(inputSize, known(width)));
    String x = emit(graph.node("Flatten").inputs(node.getInput(0)).attr("axis", 2L), "_x_rows",
        type(stepRows(), inputSize));
    String xw = emit(graph.node("MatMul").inputs(x, wT), "_xw", type(stepRows(), known(width)));
    String bias = inputBias(width);
    if (bias != null) {
      xw = emit(graph.node("Add").inputs(xw, bias), "_xw_biased", type(stepRows(), known(width)));
    }
    return xw;
  }

  /** The rows of {@code matrix} [seq·batch, cols] as seq matrices [batch, cols]; X's dimension 1 is the batch. */
  private List<String> splitRows(String matrix, String x, String hint, TensorType part) {
    String batchSize = emit(graph.node("Shape").inputs(x).attr("start", 1L).attr("end", 2L), "_batch_size",
        new TensorType(DataType.INT64, Shape.of(1)));
    String sizes = emit(graph.node("Expand").inputs(batchSize, graph.int64s(base + "_seq", seq)), "_step_sizes",
        new TensorType(DataType.INT64, Shape.of(seq)));
    String[] names = new String[(int) seq];
    for (int t = 0; t < seq; t++) {
      names[t] = graph.freshName(base + hint + "_" + t);
      graph.valueType(names[t], part);
    }
    return graph.node("Split").inputs(matrix, sizes).attr("axis", 0L).outputs(names);
  }

  /** seq·batch: the rows of a matrix that holds every step's rows. */
  private Dimension stepRows() {
    return batch.hasDimValue() ? known(seq * batch.getDimValue())
        : Dimension.newBuilder().setDimParam(seq + "*" + (batch.getDimParam().isEmpty() ? Shape.BATCH
            : batch.getDimParam())).build();
  }

  /**
   * The bias added to X·Wᵀ, [1, gates·hidden]: Wb + Rb where Rb only ever adds to the gates (LSTM, GRU with
   * linear_before_reset 0); Wb alone for linear_before_reset 1, whose Rb goes into each step's Gemm. Null
   * without B.
   */
  private String inputBias(long width) {
    if (!hasInput(3)) {
      return null;
    }
    String wb = biasSlice(0, width, "_wb");
    if (linearBeforeReset()) {
      return wb;
    }
    String rb = biasSlice(width, 2 * width, "_rb");
    return emit(graph.node("Add").inputs(wb, rb), "_bias", type(known(1), known(width)));
  }

  /** B[:, start:end], [1, end − start]. */
  private String biasSlice(long start, long end, String suffix) {
    return emit(graph.node("Slice").inputs(node.getInput(3), graph.int64s(base + "_starts", start),
        graph.int64s(base + "_ends", end), graph.int64s(base + "_axes", 1)), suffix,
        type(known(1), known(end - start)));
  }

  /** W [1, gates·hidden, cols] or R as the matrix [gates·hidden, cols]. */
  private String matrixOf(String weights, Dimension cols, String suffix) {
    return emit(graph.node("Squeeze").inputs(weights, firstAxis), suffix,
        type(known(cell.gates * hidden), cols));
  }

  private String matrixOf(String weights, long cols, String suffix) {
    return matrixOf(weights, known(cols), suffix);
  }

  /** initial_h or initial_c [1, batch, hidden] as [batch, hidden]; null (zero) when absent. */
  private String initialState(int input) {
    if (!hasInput(input)) {
      return null;
    }
    return emit(graph.node("Squeeze").inputs(node.getInput(input), firstAxis), input == 5 ? "_h0" : "_c0",
        rows(hidden));
  }

  // ---- LSTM ----

  /**
   * The values of one LSTM step that its gradient reads: the sigmoid gates i, o, f, the candidate g, tanh of
   * the new cell state, the new cell state and the new hidden state.
   */
  private record LstmStep(String input, String output, String forget, String candidate, String cellTanh,
      String cell, String state) {
    /** What the gradient rule reads of this step, given the cell state before it. */
    Map<UnrolledLstmGradient.StepValue, String> values(String previousCell) {
      EnumMap<UnrolledLstmGradient.StepValue, String> v = new EnumMap<>(UnrolledLstmGradient.StepValue.class);
      v.put(UnrolledLstmGradient.StepValue.INPUT_GATE, input);
      v.put(UnrolledLstmGradient.StepValue.OUTPUT_GATE, output);
      v.put(UnrolledLstmGradient.StepValue.FORGET_GATE, forget);
      v.put(UnrolledLstmGradient.StepValue.CANDIDATE, candidate);
      v.put(UnrolledLstmGradient.StepValue.CELL_TANH, cellTanh);
      v.put(UnrolledLstmGradient.StepValue.PREVIOUS_CELL, previousCell);
      return v;
    }
  }

  /**
   * One LSTM step (ONNX gate order i, o, f, c): gates = xw + H·Rᵀ; i, o, f = σ(…); g = tanh(…);
   * C' = f⊙C + i⊙g; H' = o⊙tanh(C').
   */
  private LstmStep lstmStep(String step, String xw, String h, String c) {
    String gates = h == null ? xw : emit(gemm(h, stateWeights, xw), step + "_gates", rows(4 * hidden));
    List<String> parts = split(gates, 1, new long[] {3 * hidden, hidden}, step + "_preact",
        rows(3 * hidden), rows(hidden));
    String sigmoids = emit(graph.node("Sigmoid").inputs(parts.get(0)), step + "_iof", rows(3 * hidden));
    List<String> iof = split(sigmoids, 1, new long[] {hidden, hidden, hidden}, step + "_gate",
        rows(hidden), rows(hidden), rows(hidden));
    String candidate = unary("Tanh", parts.get(1), step + "_g");
    String input = binary("Mul", iof.get(0), candidate, step + "_ig");
    String cellState = c == null ? input
        : binary("Add", binary("Mul", iof.get(2), c, step + "_fc"), input, step + "_c");
    String cellTanh = unary("Tanh", cellState, step + "_tanh_c");
    String h2 = binary("Mul", iof.get(1), cellTanh, step + "_h");
    return new LstmStep(iof.get(0), iof.get(1), iof.get(2), candidate, cellTanh, cellState, h2);
  }

  /**
   * Marks the nodes from {@code firstStepNode} on as one {@link UnrolledLstmGradient} group: xw, R, the initial
   * states (null when zero), the previous states stacked by rows and each step's values in; the stacked states
   * (null when Y is not read), the last state and the last cell state out.
   */
  private void groupLstm(int firstStepNode, String xw, String initialState, String initialCell,
      List<LstmStep> steps, String stacked) {
    String h0 = initialState == null ? "" : initialState;
    String c0 = initialCell == null ? "" : initialCell;
    String zero = null;
    if (h0.isEmpty() || c0.isEmpty()) {
      String shape = emit(graph.node("Shape").inputs(steps.get(0).candidate()), "_state_shape",
          new TensorType(DataType.INT64, Shape.of(2)));
      zero = emit(graph.node("ConstantOfShape").inputs(shape), "_zero_state", rows(hidden));
    }
    List<String> previousStates = new ArrayList<>(List.of(h0.isEmpty() ? zero : h0));
    List<Map<UnrolledLstmGradient.StepValue, String>> values = new ArrayList<>();
    String previousCell = c0.isEmpty() ? zero : c0;
    for (int t = 0; t < steps.size(); t++) {
      if (t + 1 < steps.size()) {
        previousStates.add(steps.get(t).state());
      }
      values.add(steps.get(t).values(previousCell));
      previousCell = steps.get(t).cell();
    }
    EnumMap<UnrolledLstmGradient.Input, String> in = new EnumMap<>(UnrolledLstmGradient.Input.class);
    in.put(UnrolledLstmGradient.Input.PROJECTED_INPUT, xw);
    in.put(UnrolledLstmGradient.Input.STATE_WEIGHTS, stateWeights);
    in.put(UnrolledLstmGradient.Input.INITIAL_STATE, h0);
    in.put(UnrolledLstmGradient.Input.INITIAL_CELL, c0);
    in.put(UnrolledLstmGradient.Input.PREVIOUS_STATES, stackRows(previousStates, "_previous_states", hidden));
    LstmStep last = steps.get(steps.size() - 1);
    NodeProto group = NodeProto.newBuilder().setDomain(UnrolledLstmGradient.DOMAIN)
        .setOpType(UnrolledLstmGradient.OP_TYPE).setName(base).addAllInput(UnrolledLstmGradient.inputs(in, values))
        .addOutput(stacked == null ? "" : stacked).addOutput(last.state()).addOutput(last.cell())
        .addAttribute(Attributes.of("hidden_size", hidden)).addAttribute(Attributes.of("sequence_length", seq))
        .build();
    groupFrom(firstStepNode, group);
  }

  /** Marks the nodes from {@code firstStepNode} on as one group that {@code group} stands for. */
  private void groupFrom(int firstStepNode, NodeProto group) {
    Set<String> members = new HashSet<>();
    for (NodeProto n : graph.nodes().subList(firstStepNode, graph.nodes().size())) {
      members.addAll(n.getOutputList());
    }
    graph.group(new NodeGroup(group, members));
  }

  /** Matrices [batch, cols] stacked by rows, [seq·batch, cols]. */
  private String stackRows(List<String> matrices, String hint, long cols) {
    return emit(graph.node("Concat").inputs(matrices.toArray(String[]::new)).attr("axis", 0L), hint,
        type(stepRows(), known(cols)));
  }

  // ---- GRU ----

  /**
   * R split for the gate product (linear_before_reset 0: the candidate multiplies r⊙H by R_h separately), or
   * the recurrent bias of linear_before_reset 1 (null without B).
   */
  private record GruWeights(String zr, String h, String bias) {}

  private GruWeights gruWeights() {
    if (linearBeforeReset()) {
      return new GruWeights(null, null, hasInput(3) ? biasSlice(3 * hidden, 6 * hidden, "_rb") : null);
    }
    String zr = emit(graph.node("Slice").inputs(stateWeights, graph.int64s(base + "_starts", 0),
        graph.int64s(base + "_ends", 2 * hidden), firstAxis), "_r_zr", type(known(2 * hidden), known(hidden)));
    String h = emit(graph.node("Slice").inputs(stateWeights, graph.int64s(base + "_starts", 2 * hidden),
        graph.int64s(base + "_ends", 3 * hidden), firstAxis), "_r_h", type(known(hidden), known(hidden)));
    return new GruWeights(zr, h, null);
  }

  /**
   * The values of one GRU step that its gradient reads: the gates z and r, the candidate ĥ, the new state, and
   * what r multiplies into the candidate's pre-activation through R_h: r⊙H for linear_before_reset 0 (null
   * for a zero state), H·R_hᵀ + Rb_h for 1 (Rb_h [1, hidden] for a zero state, null for that without B).
   */
  private record GruStep(String update, String reset, String candidate, String resetTerm, String state) {}

  /**
   * One GRU step (ONNX gate order z, r, h): z, r = σ(xw_zr + H·R_zrᵀ + Rb_zr); the candidate
   * ĥ = tanh(xw_h + (r⊙H)·R_hᵀ + Rb_h) (linear_before_reset 0) or tanh(xw_h + r⊙(H·R_hᵀ + Rb_h)) (1);
   * H' = (1 − z)⊙ĥ + z⊙H, computed as ĥ + z⊙(H − ĥ).
   */
  private GruStep gruStep(String step, String xw, String h, GruWeights r) {
    List<String> x = split(xw, 1, new long[] {2 * hidden, hidden}, step + "_xw", rows(2 * hidden), rows(hidden));
    String zrPreactivation;
    String candidatePreactivation;
    String resetTerm;
    List<String> zr;
    if (linearBeforeReset()) {
      List<String> state = stateProduct(step, h, r);
      String stateZr = state.get(0);
      resetTerm = state.get(1);
      zrPreactivation = stateZr == null ? x.get(0)
          : emit(graph.node("Add").inputs(x.get(0), stateZr), step + "_zr_pre", rows(2 * hidden));
      zr = gates(step, zrPreactivation);
      candidatePreactivation = resetTerm == null ? x.get(1)
          : binary("Add", x.get(1), binary("Mul", zr.get(1), resetTerm, step + "_r_hr"), step + "_hh_pre");
    } else {
      zrPreactivation = h == null ? x.get(0) : emit(gemm(h, r.zr(), x.get(0)), step + "_zr_pre", rows(2 * hidden));
      zr = gates(step, zrPreactivation);
      resetTerm = h == null ? null : binary("Mul", zr.get(1), h, step + "_rh");
      candidatePreactivation = h == null ? x.get(1)
          : emit(gemm(resetTerm, r.h(), x.get(1)), step + "_hh_pre", rows(hidden));
    }
    String candidate = unary("Tanh", candidatePreactivation, step + "_hh");
    String z = zr.get(0);
    String state;
    if (h == null) {
      state = binary("Sub", candidate, binary("Mul", z, candidate, step + "_z_hh"), step + "_h");
    } else {
      String toState = binary("Mul", z, binary("Sub", h, candidate, step + "_h_minus_hh"), step + "_z_delta");
      state = binary("Add", candidate, toState, step + "_h");
    }
    return new GruStep(z, zr.get(1), candidate, resetTerm, state);
  }

  /**
   * Marks the nodes from {@code firstStepNode} on, with the steps' values stacked by rows for the gradient, as
   * one {@link UnrolledGruGradient} group: xw, R (whole for linear_before_reset 1, its two row blocks for 0),
   * Rb (linear_before_reset 1) and the initial state (null when zero) in, then the stacked values and each
   * step's gates for the sequential part; the stacked states (null when Y is not read) and the last state out.
   */
  private void groupGru(int firstStepNode, String xw, String initialState, GruWeights r, List<GruStep> steps,
      String stacked) {
    List<String> previousStates = new ArrayList<>(List.of(initialState == null ? "" : initialState));
    List<String> resetTerms = new ArrayList<>(steps.stream().map(GruStep::resetTerm).toList());
    if (initialState == null) {
      String shape = emit(graph.node("Shape").inputs(steps.get(0).candidate()), "_state_shape",
          new TensorType(DataType.INT64, Shape.of(2)));
      String zero = emit(graph.node("ConstantOfShape").inputs(shape), "_zero_state", rows(hidden));
      previousStates.set(0, zero);
      resetTerms.set(0, firstResetTerm(resetTerms.get(0), zero, shape));
    }
    for (int t = 0; t + 1 < steps.size(); t++) {
      previousStates.add(steps.get(t).state());
    }
    EnumMap<UnrolledGruGradient.Input, String> in = new EnumMap<>(UnrolledGruGradient.Input.class);
    for (UnrolledGruGradient.Input i : UnrolledGruGradient.Input.values()) {
      in.put(i, "");
    }
    in.put(UnrolledGruGradient.Input.PROJECTED_INPUT, xw);
    in.put(UnrolledGruGradient.Input.INITIAL_STATE, initialState == null ? "" : initialState);
    in.put(UnrolledGruGradient.Input.UPDATE_GATES, stackRows(steps.stream().map(GruStep::update).toList(),
        "_update_gates", hidden));
    in.put(UnrolledGruGradient.Input.RESET_GATES, stackRows(steps.stream().map(GruStep::reset).toList(),
        "_reset_gates", hidden));
    in.put(UnrolledGruGradient.Input.CANDIDATES, stackRows(steps.stream().map(GruStep::candidate).toList(),
        "_candidates_all", hidden));
    in.put(UnrolledGruGradient.Input.PREVIOUS_STATES, stackRows(previousStates, "_previous_states", hidden));
    String stackedResetTerms = stackRows(resetTerms, "_reset_terms", hidden);
    List<String> stepGates = new ArrayList<>(steps.stream().map(GruStep::update).toList());
    if (linearBeforeReset()) {
      in.put(UnrolledGruGradient.Input.STATE_WEIGHTS, stateWeights);
      in.put(UnrolledGruGradient.Input.RECURRENT_BIAS, r.bias() == null ? "" : r.bias());
      in.put(UnrolledGruGradient.Input.STATE_CANDIDATE_TERMS, stackedResetTerms);
    } else {
      in.put(UnrolledGruGradient.Input.GATE_WEIGHTS, r.zr());
      in.put(UnrolledGruGradient.Input.CANDIDATE_WEIGHTS, r.h());
      in.put(UnrolledGruGradient.Input.RESET_STATES, stackedResetTerms);
      stepGates.addAll(steps.stream().map(GruStep::reset).toList());
    }
    NodeProto group = NodeProto.newBuilder().setDomain(UnrolledGruGradient.DOMAIN)
        .setOpType(UnrolledGruGradient.OP_TYPE).setName(base).addAllInput(in.values()).addAllInput(stepGates)
        .addOutput(stacked == null ? "" : stacked).addOutput(steps.get(steps.size() - 1).state())
        .addAttribute(Attributes.of("hidden_size", hidden)).addAttribute(Attributes.of("sequence_length", seq))
        .addAttribute(Attributes.of("linear_before_reset", linearBeforeReset() ? 1L : 0L))
        .build();
    groupFrom(firstStepNode, group);
  }

  /**
   * A zero state's reset term as [batch, hidden] rows for stacking: zeros (linear_before_reset 0, or 1 without
   * B) or Rb_h broadcast to the state's shape.
   */
  private String firstResetTerm(String term, String zero, String shape) {
    return term == null ? zero : emit(graph.node("Expand").inputs(term, shape), "_first_reset_term", rows(hidden));
  }

  /**
   * H·Rᵀ + Rb of linear_before_reset 1 as its parts for z, r and for h; for a zero state Rb's parts ([1, ·]), or
   * nulls without B. Rb is split inside the step so that the layer's group reads Rb whole.
   */
  private List<String> stateProduct(String step, String h, GruWeights r) {
    if (h != null) {
      String product = emit(gemm(h, stateWeights, r.bias()), step + "_hr", rows(3 * hidden));
      return split(product, 1, new long[] {2 * hidden, hidden}, step + "_hr_part", rows(2 * hidden), rows(hidden));
    }
    if (r.bias() == null) {
      return Arrays.asList(null, null);
    }
    return split(r.bias(), 1, new long[] {2 * hidden, hidden}, step + "_rb_part",
        type(known(1), known(2 * hidden)), type(known(1), known(hidden)));
  }

  /** z and r = σ(preactivation [batch, 2·hidden]). */
  private List<String> gates(String step, String preactivation) {
    String zr = emit(graph.node("Sigmoid").inputs(preactivation), step + "_zr", rows(2 * hidden));
    return split(zr, 1, new long[] {hidden, hidden}, step + "_gate", rows(hidden), rows(hidden));
  }

  private boolean linearBeforeReset() {
    return cell == Cell.GRU && Attributes.getInt(node, "linear_before_reset", 0) != 0;
  }

  // ---- outputs ----

  /** The states stacked by rows, [seq·batch, hidden], which Y is; null when nothing reads Y. */
  private String stackedStates(List<String> states) {
    return RecurrentRewrite.output(node, 0).isEmpty() ? null : stackRows(states, "_states", hidden);
  }

  /**
   * Y = the stacked states as [seq, 1, batch, hidden] (a Reshape of one Concat of their rows, whose gradient
   * is one Split), Y_h and Y_c the last ones as [1, batch, hidden].
   */
  private void emitOutputs(String stacked, String lastState, String lastCell) {
    String y = RecurrentRewrite.output(node, 0);
    TensorType last = type(known(1), batch, known(hidden));
    if (!y.isEmpty()) {
      emitNamed("Reshape", y, type(known(seq), known(1), batch, known(hidden)), stacked,
          graph.int64s(base + "_y_shape", seq, 1, -1, hidden));
    }
    String yh = RecurrentRewrite.output(node, 1);
    if (!yh.isEmpty()) {
      emitNamed("Unsqueeze", yh, last, lastState, firstAxis);
    }
    String yc = cell == Cell.LSTM ? RecurrentRewrite.output(node, 2) : "";
    if (!yc.isEmpty()) {
      emitNamed("Unsqueeze", yc, last, lastCell, firstAxis);
    }
  }

  /** A node writing one of the original outputs, added directly because that name is already claimed. */
  private void emitNamed(String opType, String output, TensorType type, String... inputs) {
    graph.nodes().add(NodeProto.newBuilder().setOpType(opType).setName(graph.freshName(base + "_" + output))
        .addAllInput(Arrays.asList(inputs)).addOutput(output).build());
    RecurrentRewrite.setType(graph, output, type);
  }

  // ---- node and type helpers ----

  /** Gemm(a, b, c, transB=1) = a·bᵀ + c; without c when it is null. */
  private NodeBuilder gemm(String a, String b, String c) {
    NodeBuilder n = graph.node("Gemm").inputs(a, b);
    if (c != null) {
      n.inputs(c);
    }
    return n.attr("transB", 1L);
  }

  /** Split of {@code x} along {@code axis} into parts of the given sizes and types. */
  private List<String> split(String x, int axis, long[] sizes, String hint, TensorType... types) {
    String[] names = new String[sizes.length];
    for (int i = 0; i < sizes.length; i++) {
      names[i] = graph.freshName(hint + "_" + i);
      graph.valueType(names[i], types.length == 1 ? types[0] : types[i]);
    }
    return graph.node("Split").inputs(x, graph.int64s(base + "_split", sizes)).attr("axis", (long) axis)
        .outputs(names);
  }

  /** An element-wise function of a [batch, hidden] value. */
  private String unary(String opType, String x, String hint) {
    return emit(graph.node(opType).inputs(x), hint, rows(hidden));
  }

  /** An element-wise operation whose result is [batch, hidden]. */
  private String binary(String opType, String a, String b, String hint) {
    return emit(graph.node(opType).inputs(a, b), hint, rows(hidden));
  }

  /**
   * Adds the node with a fresh output named from the hint (after the node's name when the hint starts with
   * '_') and records its type, which the gradient rules read.
   */
  private String emit(NodeBuilder n, String hint, TensorType type) {
    String value = n.output(hint.startsWith("_") ? base + hint : hint);
    graph.valueType(value, type);
    return value;
  }

  private boolean hasInput(int i) {
    return node.getInputCount() > i && !node.getInput(i).isEmpty();
  }

  private TensorType rows(long cols) {
    return type(batch, known(cols));
  }

  private static Dimension known(long size) {
    return Dimension.newBuilder().setDimValue(size).build();
  }

  private static TensorType type(Dimension... dims) {
    return TensorType.floats(Shape.fromProto(TensorShapeProto.newBuilder().addAllDim(Arrays.asList(dims)).build()));
  }
}
