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
 * An LSTM's steps form a {@link NodeGroup} that {@link UnrolledLstmGradient} differentiates as one node; the
 * GRU's are differentiated node by node.
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
    GruWeights gru = gruWeights();
    for (int t = 0; t < seq; t++) {
      h = gruStep(base + "_t" + t, projected.get(t), h, gru);
      states.add(h);
    }
    emitOutputs(stackedStates(states), h, null);
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
   * R split for the gate product (linear_before_reset 0: the candidate multiplies r⊙H by R_h separately), the
   * recurrent bias of linear_before_reset 1 and its parts for a zero state.
   */
  private record GruWeights(String zr, String h, String bias, String biasZr, String biasH) {}

  private GruWeights gruWeights() {
    if (linearBeforeReset()) {
      boolean b = hasInput(3);
      return new GruWeights(null, null, b ? biasSlice(3 * hidden, 6 * hidden, "_rb") : null,
          b ? biasSlice(3 * hidden, 5 * hidden, "_rb_zr") : null,
          b ? biasSlice(5 * hidden, 6 * hidden, "_rb_h") : null);
    }
    String zr = emit(graph.node("Slice").inputs(stateWeights, graph.int64s(base + "_starts", 0),
        graph.int64s(base + "_ends", 2 * hidden), firstAxis), "_r_zr", type(known(2 * hidden), known(hidden)));
    String h = emit(graph.node("Slice").inputs(stateWeights, graph.int64s(base + "_starts", 2 * hidden),
        graph.int64s(base + "_ends", 3 * hidden), firstAxis), "_r_h", type(known(hidden), known(hidden)));
    return new GruWeights(zr, h, null, null, null);
  }

  /**
   * One GRU step (ONNX gate order z, r, h): z, r = σ(xw_zr + H·R_zrᵀ + Rb_zr); the candidate
   * ĥ = tanh(xw_h + (r⊙H)·R_hᵀ + Rb_h) (linear_before_reset 0) or tanh(xw_h + r⊙(H·R_hᵀ + Rb_h)) (1);
   * H' = (1 − z)⊙ĥ + z⊙H, computed as ĥ + z⊙(H − ĥ).
   */
  private String gruStep(String step, String xw, String h, GruWeights r) {
    List<String> x = split(xw, 1, new long[] {2 * hidden, hidden}, step + "_xw", rows(2 * hidden), rows(hidden));
    String zrPreactivation;
    String candidatePreactivation;
    List<String> zr;
    if (linearBeforeReset()) {
      String stateZr;
      String stateH;
      if (h != null) {
        String product = emit(gemm(h, stateWeights, r.bias()), step + "_hr", rows(3 * hidden));
        List<String> parts = split(product, 1,
            new long[] {2 * hidden, hidden}, step + "_hr_part", rows(2 * hidden), rows(hidden));
        stateZr = parts.get(0);
        stateH = parts.get(1);
      } else {
        stateZr = r.biasZr();
        stateH = r.biasH();
      }
      zrPreactivation = stateZr == null ? x.get(0)
          : emit(graph.node("Add").inputs(x.get(0), stateZr), step + "_zr_pre", rows(2 * hidden));
      zr = gates(step, zrPreactivation);
      candidatePreactivation = stateH == null ? x.get(1)
          : binary("Add", x.get(1), binary("Mul", zr.get(1), stateH, step + "_r_hr"), step + "_hh_pre");
    } else {
      zrPreactivation = h == null ? x.get(0) : emit(gemm(h, r.zr(), x.get(0)), step + "_zr_pre", rows(2 * hidden));
      zr = gates(step, zrPreactivation);
      candidatePreactivation = h == null ? x.get(1)
          : emit(gemm(binary("Mul", zr.get(1), h, step + "_rh"), r.h(), x.get(1)), step + "_hh_pre", rows(hidden));
    }
    String candidate = unary("Tanh", candidatePreactivation, step + "_hh");
    String z = zr.get(0);
    if (h == null) {
      return binary("Sub", candidate, binary("Mul", z, candidate, step + "_z_hh"), step + "_h");
    }
    String toState = binary("Mul", z, binary("Sub", h, candidate, step + "_h_minus_hh"), step + "_z_delta");
    return binary("Add", candidate, toState, step + "_h");
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
