package dev.ortrain.gradients;

import dev.ortrain.gradients.GradientFormulation.Recurrence;
import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Domains;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.AttributeProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Training form of {@code LSTM} and {@code GRU}: ONNX Runtime's {@code com.microsoft.LSTMTraining} and
 * {@code GRUTraining} compute the same Y, Y_h (and Y_c) and also output what {@code LSTMGrad} /
 * {@code GRUGrad} need: every cell state and the gate activations of every step (LSTM), or the gate
 * activations (GRU). Y, Y_h and Y_c keep their names, so consumers are unchanged.
 *
 * <p>The kernels cover the forward direction ({@link RecurrentDirections} turns the others into forward
 * nodes first), layout 0 ([seq, batch, ...]), the default activations (sigmoid and tanh), no clip, no
 * coupled input and forget gates, no sequence_lens and no peepholes; other nodes fail here with the reason.
 */
final class RecurrentRewrite {
  /** The operators this rewrite handles, with their gate count and default activations. */
  enum Cell {
    LSTM("LSTMTraining", 4, List.of("sigmoid", "tanh", "tanh")),
    GRU("GRUTraining", 3, List.of("sigmoid", "tanh"));

    final String trainingOp;
    final int gates;
    final List<String> activations;

    Cell(String trainingOp, int gates, List<String> activations) {
      this.trainingOp = trainingOp;
      this.gates = gates;
      this.activations = activations;
    }
  }

  private RecurrentRewrite() {}

  /** Appends the training form of the LSTM or GRU node {@code n} to {@code graph}. */
  static void rewrite(GraphBuilder graph, NodeProto n) {
    Cell cell = Cell.valueOf(n.getOpType());
    checkSupported(graph, n, cell, Recurrence.KERNEL);
    TensorType x = sequenceInput(graph, n);
    long hidden = hiddenSize(graph, n);
    TensorShapeProto xs = x.shape().toProto();
    TensorType all = hiddenType(x, xs.getDim(0), xs.getDim(1), hidden);
    TensorType last = TensorType.floats(Shape.fromProto(TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1)).addDim(xs.getDim(1))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(hidden)).build()));
    TensorType gates = TensorType.floats(Shape.fromProto(all.shape().toProto().toBuilder()
        .setDim(3, TensorShapeProto.Dimension.newBuilder().setDimValue(cell.gates * hidden)).build()));

    String y = output(n, 0);
    if (y.isEmpty()) {
      y = graph.freshName(n.getName() + "_Y"); // the kernels always write every hidden state
    }
    String[] outputs = cell == Cell.LSTM
        ? new String[] {y, output(n, 1), output(n, 2), graph.freshName(y + "_cell_states"),
            graph.freshName(y + "_gates")}
        : new String[] {y, output(n, 1), graph.freshName(y + "_gates")};
    NodeProto.Builder b = NodeProto.newBuilder().setOpType(cell.trainingOp).setDomain(Domains.MICROSOFT)
        .setName(n.getName()).addAllInput(n.getInputList());
    for (String o : outputs) {
      b.addOutput(o);
    }
    b.addAttribute(Attributes.of("hidden_size", hidden));
    if (cell == Cell.GRU) {
      b.addAttribute(Attributes.of("linear_before_reset", Attributes.getInt(n, "linear_before_reset", 0)));
    }
    // Output 0 may keep its name, so the node is added directly instead of through the builder.
    graph.nodes().add(b.build());
    setType(graph, outputs[0], all);
    setType(graph, outputs[1], last);
    if (cell == Cell.LSTM) {
      setType(graph, outputs[2], last);
      setType(graph, outputs[3], all);
      setType(graph, outputs[4], gates);
    } else {
      setType(graph, outputs[2], gates);
    }
  }

  /**
   * Fails with the reason unless {@code n} is in the subset both formulations cover: any direction (see
   * {@link RecurrentDirections}), layout 0, the default activations, no clip, no coupled gates, no
   * sequence_lens, no peepholes, float32.
   */
  static void checkSupported(GraphBuilder graph, NodeProto n, Cell cell, Recurrence form) {
    String by = form == Recurrence.KERNEL ? "ONNX Runtime's " + cell.trainingOp + " kernel"
        : "the unrolled " + cell + " (GradientFormulation.Recurrence.UNROLLED)";
    // Reverse and bidirectional nodes train as forward nodes (RecurrentDirections); an unknown name fails here.
    RecurrentDirections.Direction direction = RecurrentDirections.Direction.of(n);
    long layout = Attributes.getInt(n, "layout", 0);
    if (layout != 0) {
      throw unsupported(n, "its layout is " + layout + "; " + by + " takes X as [seq_length, batch_size,"
          + " input_size] (layout 0). Export with layout 0 and a Transpose (PyTorch's exporter does so for"
          + " batch_first=True)");
    }
    AttributeProto activations = Attributes.find(n, "activations");
    if (activations != null) {
      List<String> names = activations.getStringsList().stream().map(s -> s.toStringUtf8()).toList();
      // ONNX lists the activations of each direction in turn.
      List<String> defaults = Collections.nCopies(direction.count, cell.activations).stream()
          .flatMap(List::stream).toList();
      if (!names.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList().equals(defaults)) {
        throw unsupported(n, "its activations are " + names + "; " + by + " supports only the defaults "
            + defaults);
      }
    }
    if (Attributes.find(n, "clip") != null) {
      throw unsupported(n, "it clips its cell input (clip=" + Attributes.getFloat(n, "clip", 0f) + "); " + by
          + " has no clip. Remove the clip attribute");
    }
    if (Attributes.getInt(n, "input_forget", 0) != 0) {
      throw unsupported(n, "it couples the input and forget gates (input_forget=1), which " + by
          + " does not support");
    }
    if (n.getInputCount() > 4 && !n.getInput(4).isEmpty()) {
      throw unsupported(n, "it takes sequence_lens '" + n.getInput(4) + "'; " + by + " needs every sequence"
          + " of the batch to have the full length. Pad the sequences and drop the lengths (export without"
          + " pack_padded_sequence)");
    }
    if (cell == Cell.LSTM && n.getInputCount() > 7 && !n.getInput(7).isEmpty()) {
      // LSTMGrad leaves out the peepholes' share of the cell-state gradient, so every gradient would be off.
      throw unsupported(n, "it has peephole weights P '" + n.getInput(7) + "'; "
          + (form == Recurrence.KERNEL ? "ONNX Runtime's LSTMGrad does not differentiate through them correctly"
              : by + " has no peepholes") + ". Use an LSTM without peepholes");
    }
    TensorType x = graph.typeOf(n.getInput(0));
    if (x != null && x.dataType() != DataType.FLOAT) {
      throw unsupported(n, "its input X is " + x.dataType() + "; " + by + " computes in float32");
    }
    for (AttributeProto a : n.getAttributeList()) {
      if (!List.of("hidden_size", "direction", "layout", "activations", "activation_alpha", "activation_beta",
          "input_forget", "linear_before_reset").contains(a.getName())) {
        throw unsupported(n, "it has the attribute '" + a.getName() + "', which " + by + " does not know");
      }
    }
  }

  /** The type of X, which must be known as [seq_length, batch_size, input_size]. */
  static TensorType sequenceInput(GraphBuilder graph, NodeProto n) {
    TensorType x = graph.typeOf(n.getInput(0));
    if (x == null || x.shape().rank() != 3) {
      throw new IllegalStateException(describe(n) + ": the shape of its input X '" + n.getInput(0) + "' is "
          + (x == null ? "unknown" : x.shape() + ", not [seq_length, batch_size, input_size]")
          + "; run shape inference on the model");
    }
    return x;
  }

  /** hidden_size, or R's last dimension when the attribute is absent. */
  static long hiddenSize(GraphBuilder graph, NodeProto n) {
    long hidden = Attributes.getInt(n, "hidden_size", -1);
    if (hidden > 0) {
      return hidden;
    }
    TensorType r = graph.typeOf(n.getInput(2));
    if (r == null || r.shape().rank() != 3 || !r.shape().isKnown(2)) {
      throw new IllegalStateException(describe(n) + " has no hidden_size attribute and the shape of its R '"
          + n.getInput(2) + "' is unknown; set hidden_size or run shape inference on the model");
    }
    return r.shape().size(2);
  }

  /** [seq_length, 1, batch_size, hidden] in X's element type. */
  static TensorType hiddenType(TensorType x, TensorShapeProto.Dimension seq,
      TensorShapeProto.Dimension batch, long hidden) {
    return new TensorType(x.dataType(), Shape.fromProto(TensorShapeProto.newBuilder().addDim(seq)
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1)).addDim(batch)
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(hidden)).build()));
  }

  static String output(NodeProto n, int i) {
    return i < n.getOutputCount() ? n.getOutput(i) : "";
  }

  static void setType(GraphBuilder graph, String value, TensorType type) {
    if (!value.isEmpty() && graph.typeOf(value) == null) {
      graph.valueType(value, type);
    }
  }

  static IllegalArgumentException unsupported(NodeProto n, String reason) {
    return new IllegalArgumentException(describe(n) + " cannot be trained: " + reason + ".");
  }

  static String describe(NodeProto n) {
    return n.getOpType() + " node '" + n.getName() + "'";
  }
}
