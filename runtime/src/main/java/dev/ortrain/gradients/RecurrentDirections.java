package dev.ortrain.gradients;

import dev.ortrain.gradients.GradientFormulation.Recurrence;
import dev.ortrain.gradients.RecurrentRewrite.Cell;
import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.AttributeProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto.Dimension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Training form of an {@code LSTM} or {@code GRU} node of any direction, built from forward nodes only, since
 * both formulations ({@link RecurrentRewrite}, {@link RecurrentUnrolling}) compute the forward recurrence:
 *
 * <ul>
 *   <li>forward: the node itself;
 *   <li>reverse: a forward node on X reversed in time (a Slice with step -1 along the steps), its Y reversed
 *       back; its last states are the original node's Y_h and Y_c as they are;
 *   <li>bidirectional: W, R, B and the initial states split along their first axis (num_directions) into the
 *       forward and the reverse halves, one forward node on X and one on X reversed, Y the concatenation of
 *       the forward Y and the reverse Y reversed back along num_directions (axis 1), Y_h and Y_c the
 *       concatenations of the last states along axis 0.
 * </ul>
 *
 * <p>Y, Y_h and Y_c keep their names, so consumers are unchanged; outputs nothing reads are not computed. The
 * eval graph keeps the original node, which ONNX Runtime runs in every direction.
 */
final class RecurrentDirections {
  /** ONNX's {@code direction} attribute, read once. */
  enum Direction {
    FORWARD("forward", 1), REVERSE("reverse", 1), BIDIRECTIONAL("bidirectional", 2);

    final String onnxName;
    /** num_directions: the size of the first axis of W, R, B, the initial states, Y_h and Y_c. */
    final int count;

    Direction(String onnxName, int count) {
      this.onnxName = onnxName;
      this.count = count;
    }

    /** The direction of {@code n}; fails with the reason for a name ONNX does not define. */
    static Direction of(NodeProto n) {
      String name = Attributes.getString(n, "direction", FORWARD.onnxName);
      for (Direction d : values()) {
        if (d.onnxName.equals(name)) {
          return d;
        }
      }
      throw RecurrentRewrite.unsupported(n, "its direction is '" + name
          + "'; ONNX defines forward, reverse and bidirectional");
    }
  }

  /** Attributes the forward nodes leave out: the direction, and activations checked to be the defaults. */
  private static final Set<String> PER_DIRECTION_ATTRIBUTES =
      Set.of("direction", "activations", "activation_alpha", "activation_beta");

  private final GraphBuilder graph;
  private final NodeProto node;
  private final Cell cell;
  private final Recurrence form;
  private final Set<String> read;
  private final String base;
  private final TensorType x;
  private final long hidden;
  /** The Slice inputs after the data that reverse the steps, shared by the node's reversals. */
  private final List<String> reversal;

  private RecurrentDirections(GraphBuilder graph, NodeProto node, Cell cell, Recurrence form, Set<String> read) {
    this.graph = graph;
    this.node = node;
    this.cell = cell;
    this.form = form;
    this.read = read;
    this.base = node.getName().isEmpty() ? cell.name().toLowerCase(Locale.ROOT) : node.getName();
    this.x = RecurrentRewrite.sequenceInput(graph, node);
    this.hidden = RecurrentRewrite.hiddenSize(graph, node);
    this.reversal = reversingSliceInputs();
  }

  /**
   * Appends the training form of the LSTM or GRU node {@code n} to {@code graph} in the formulation
   * {@code form}; {@code read} holds the values some node or the graph's outputs read.
   */
  static void rewrite(GraphBuilder graph, NodeProto n, Recurrence form, Set<String> read) {
    Cell cell = Cell.valueOf(n.getOpType());
    // Checked on the original node, so that a refusal names it rather than one of its directions.
    RecurrentRewrite.checkSupported(graph, n, cell, form);
    switch (Direction.of(n)) {
      case FORWARD -> trainForward(graph, n, form);
      case REVERSE -> new RecurrentDirections(graph, n, cell, form, read).reverse();
      case BIDIRECTIONAL -> new RecurrentDirections(graph, n, cell, form, read).bidirectional();
    }
  }

  private static void trainForward(GraphBuilder graph, NodeProto n, Recurrence form) {
    if (form == Recurrence.UNROLLED) {
      RecurrentUnrolling.rewrite(graph, n);
    } else {
      RecurrentRewrite.rewrite(graph, n);
    }
  }

  // ---- reverse ----

  /** One forward node on X reversed in time; its last states are the reverse node's. */
  private void reverse() {
    String y = readOutput(0);
    String reversedY = y.isEmpty() ? "" : fresh("_reverse_Y", sequenceType(1));
    List<String> inputs = new ArrayList<>(node.getInputList());
    inputs.set(0, reversedInTime(node.getInput(0), "_x_reversed"));
    trainForward(graph, forwardNode(base + "_reverse", inputs, reversedY, readOutput(1), readOutput(2)), form);
    if (!y.isEmpty()) {
      emitNamed(y, sequenceType(1), reversedInTimeNode(reversedY));
    }
  }

  // ---- bidirectional ----

  /** A forward node per direction on the halves of the weights and initial states, their outputs joined. */
  private void bidirectional() {
    List<List<String>> halves = inputHalves();
    List<String> forwardInputs = halves.get(0);
    List<String> reverseInputs = halves.get(1);
    reverseInputs.set(0, reversedInTime(node.getInput(0), "_x_reversed"));
    String[] forward = directionOutputs("_forward");
    String[] reverse = directionOutputs("_reverse");
    trainForward(graph, forwardNode(base + "_forward", forwardInputs, forward), form);
    trainForward(graph, forwardNode(base + "_reverse", reverseInputs, reverse), form);
    String y = readOutput(0);
    if (!y.isEmpty()) {
      String reverseY = reversedInTime(reverse[0], "_reverse_Y_in_order");
      emitNamed(y, sequenceType(2), concatNode(1, forward[0], reverseY));
    }
    for (int i = 1; i < forward.length; i++) {
      if (!forward[i].isEmpty()) {
        emitNamed(readOutput(i), lastStateType(2), concatNode(0, forward[i], reverse[i]));
      }
    }
  }

  /**
   * The inputs of the forward and of the reverse node: X for both (the caller reverses the second), W, R, B
   * and the initial states split into their halves along num_directions, sequence_lens as it is (empty).
   */
  private List<List<String>> inputHalves() {
    List<String> forward = new ArrayList<>(List.of(node.getInput(0)));
    List<String> reverse = new ArrayList<>(List.of(node.getInput(0)));
    for (int i = 1; i < node.getInputCount(); i++) {
      String input = node.getInput(i);
      if (input.isEmpty() || i == 4) {
        forward.add(input);
        reverse.add(input);
        continue;
      }
      List<String> parts = halves(input, halfType(i));
      forward.add(parts.get(0));
      reverse.add(parts.get(1));
    }
    return List.of(forward, reverse);
  }

  /**
   * The type of one direction's half of input {@code i}: W [1, gates·hidden, input], R [1, gates·hidden,
   * hidden], B [1, 2·gates·hidden], initial_h and initial_c [1, batch, hidden].
   */
  private TensorType halfType(int i) {
    long rows = cell.gates * hidden;
    return switch (i) {
      case 1 -> type(known(1), known(rows), x.shape().toProto().getDim(2));
      case 2 -> type(known(1), known(rows), known(hidden));
      case 3 -> type(known(1), known(2 * rows));
      default -> lastStateType(1);
    };
  }

  /** {@code value} split along axis 0 into two halves of {@code half}; Split's gradient is one Concat. */
  private List<String> halves(String value, TensorType half) {
    String forward = fresh(value + "_forward", half);
    String reverse = fresh(value + "_reverse", half);
    return graph.node("Split").inputs(value, graph.int64s(base + "_directions", 1, 1)).attr("axis", 0L)
        .outputs(forward, reverse);
  }

  /** Fresh names for the outputs of one direction's node, empty where the original output is not read. */
  private String[] directionOutputs(String direction) {
    String[] outputs = new String[cell == Cell.LSTM ? 3 : 2];
    outputs[0] = readOutput(0).isEmpty() ? "" : fresh(direction + "_Y", sequenceType(1));
    for (int i = 1; i < outputs.length; i++) {
      outputs[i] = readOutput(i).isEmpty() ? "" : fresh(direction + (i == 1 ? "_Y_h" : "_Y_c"), lastStateType(1));
    }
    return outputs;
  }

  /** A Concat of the two directions' values along {@code axis}, without its output. */
  private static NodeProto concatNode(long axis, String forward, String reverse) {
    return NodeProto.newBuilder().setOpType("Concat").addInput(forward).addInput(reverse)
        .addAttribute(Attributes.of("axis", axis)).build();
  }

  // ---- shared ----

  /**
   * A forward node of the original's operator and attributes on {@code inputs}, writing {@code outputs}
   * (empty names for those not computed).
   */
  private NodeProto forwardNode(String name, List<String> inputs, String... outputs) {
    NodeProto.Builder b = NodeProto.newBuilder().setOpType(node.getOpType()).setDomain(node.getDomain())
        .setName(graph.freshName(name)).addAllInput(withoutTrailingEmpty(inputs));
    // Trailing outputs nothing reads are left out, as an exporter leaves them out.
    b.addAllOutput(withoutTrailingEmpty(Arrays.asList(outputs)));
    for (AttributeProto a : node.getAttributeList()) {
      if (!PER_DIRECTION_ATTRIBUTES.contains(a.getName())) {
        b.addAttribute(a);
      }
    }
    return b.build();
  }

  /** {@code sequence} [seq, ...] from its last step to its first, under a fresh name. */
  private String reversedInTime(String sequence, String hint) {
    NodeProto slice = reversedInTimeNode(sequence);
    String reversed = fresh(hint, graph.typeOf(sequence));
    graph.nodes().add(slice.toBuilder().setName(graph.freshName(base + hint)).addOutput(reversed).build());
    return reversed;
  }

  /** A Slice of {@code sequence} with step -1 along axis 0, without its output. */
  private NodeProto reversedInTimeNode(String sequence) {
    return NodeProto.newBuilder().setOpType("Slice").addInput(sequence).addAllInput(reversal).build();
  }

  /** Slice's starts, ends, axes and steps that reverse axis 0. */
  private List<String> reversingSliceInputs() {
    // From the last step to before the first, backwards: Long.MIN_VALUE is ONNX's "past the start", and both
    // bounds hold for a sequence length known only at run time.
    return List.of(graph.int64s(base + "_last_step", -1), graph.int64s(base + "_before_first", Long.MIN_VALUE),
        graph.int64s(base + "_time_axis", 0), graph.int64s(base + "_backwards", -1));
  }

  /** Adds {@code n} writing the original output {@code output}, whose name is already claimed. */
  private void emitNamed(String output, TensorType type, NodeProto n) {
    graph.nodes().add(n.toBuilder().setName(graph.freshName(base + "_" + output)).addOutput(output).build());
    RecurrentRewrite.setType(graph, output, type);
  }

  /** Output {@code i} of the original node where something reads it, else empty. */
  private String readOutput(int i) {
    String output = RecurrentRewrite.output(node, i);
    return read.contains(output) ? output : "";
  }

  private String fresh(String hint, TensorType type) {
    String name = graph.freshName(hint.startsWith("_") ? base + hint : hint);
    graph.valueType(name, type);
    return name;
  }

  /** [seq, directions, batch, hidden]: Y of one direction's node or of the whole. */
  private TensorType sequenceType(long directions) {
    TensorShapeProto xs = x.shape().toProto();
    return type(xs.getDim(0), known(directions), xs.getDim(1), known(hidden));
  }

  /** [directions, batch, hidden]: a last state, or an initial state's half. */
  private TensorType lastStateType(long directions) {
    return type(known(directions), x.shape().toProto().getDim(1), known(hidden));
  }

  /** {@code names} without the empty names at its end: optional inputs or outputs left out. */
  private static List<String> withoutTrailingEmpty(List<String> names) {
    int count = names.size();
    while (count > 0 && names.get(count - 1).isEmpty()) {
      count--;
    }
    return names.subList(0, count);
  }

  private static Dimension known(long size) {
    return Dimension.newBuilder().setDimValue(size).build();
  }

  private TensorType type(Dimension... dims) {
    return new TensorType(x.dataType(),
        Shape.fromProto(TensorShapeProto.newBuilder().addAllDim(Arrays.asList(dims)).build()));
  }
}
