package dev.ortrain.gradients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.ortrain.artifacts.TrainingArtifacts;
import dev.ortrain.gradients.GradientFormulation.Recurrence;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.GraphBuilder.NodeBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.AttributeProto;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Finite-difference checks of LSTM and GRU with a symbolic batch dimension, in both formulations (the kernels
 * LSTMGrad and GRUGrad, and the recurrence unrolled into standard operators), built the way PyTorch exports a
 * batch_first layer: Transpose to [seq, batch, input], the recurrent node, Transpose back.
 */
class RecurrentGradientsTest extends GradientCheckCases {
  private static final long SEQ = 4;
  private static final long INPUT = 3;
  private static final long HIDDEN = 4;

  static Stream<Arguments> cases() {
    return Arrays.stream(Recurrence.values()).flatMap(form -> recurrentCases().map(a -> inForm(a, form)));
  }

  static GradientRegistry rules(Recurrence form) {
    return GradientRegistry.standard(GradientFormulation.defaults().withRecurrence(form));
  }

  private static Arguments inForm(Arguments a, Recurrence form) {
    @SuppressWarnings("unchecked")
    Supplier<GradientCheck> build = (Supplier<GradientCheck>) a.get()[1];
    GradientRegistry registry = rules(form);
    return check(form + ": " + a.get()[0], () -> build.get().gradients(registry));
  }

  static Stream<Arguments> recurrentCases() {
    return Stream.of(
        check("LSTM W, R, B; loss on Y", () -> {
          GradientCheck c = GradientCheck.of("LSTM loss on Y");
          NodeBuilder l = lstm(c, "lstm", timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), INPUT, n -> n);
          return predictSequence(c, l.outputs("y", "", "").get(0));
        }),
        // Exporters may spell out the defaults (ONNX capitalises them); the training node takes them as defaults.
        check("LSTM with the default activations written out", () -> {
          GradientCheck c = GradientCheck.of("LSTM explicit activations");
          AttributeProto.Builder activations = AttributeProto.newBuilder().setName("activations")
              .setType(AttributeProto.AttributeType.STRINGS);
          for (String f : List.of("Sigmoid", "Tanh", "Tanh")) {
            activations.addStrings(ByteString.copyFromUtf8(f));
          }
          NodeBuilder l = lstm(c, "lstm", timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), INPUT,
              n -> n.attr(activations.build()));
          return predictSequence(c, l.outputs("y").get(0));
        }),
        check("LSTM loss on Y_h only", () -> {
          GradientCheck c = GradientCheck.of("LSTM loss on Y_h");
          NodeBuilder l = lstm(c, "lstm", timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), INPUT, n -> n);
          return predictState(c, l.outputs("y", "y_h").get(1));
        }),
        check("LSTM loss on Y_c only, Y omitted", () -> {
          GradientCheck c = GradientCheck.of("LSTM loss on Y_c");
          NodeBuilder l = lstm(c, "lstm", timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), INPUT, n -> n);
          return predictState(c, l.outputs("", "", "y_c").get(2));
        }),
        check("LSTM loss on Y and Y_h", () -> {
          GradientCheck c = GradientCheck.of("LSTM loss on Y and Y_h");
          NodeBuilder l = lstm(c, "lstm", timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), INPUT, n -> n);
          l.outputs("y", "y_h", "");
          GraphBuilder g = c.graph();
          // Y_h [1, batch, hidden] broadcast over Y [seq, 1, batch, hidden].
          String sum = typed(c, g.node("Add").inputs("y", "y_h").output("y_plus_h"), seqBatch(1L, null, HIDDEN));
          return predictSequence(c, sum);
        }),
        check("LSTM initial_h and initial_c trainable", () -> {
          GradientCheck c = GradientCheck.of("LSTM initial states");
          String h0 = initialState(c, "h0");
          String c0 = initialState(c, "c0");
          NodeBuilder l = lstm(c, "lstm", timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), INPUT,
              n -> n.inputs("", h0, c0));
          return predictSequence(c, l.outputs("y").get(0));
        }),
        // Every path into the unrolled layer's gradient rule at once: dY, dY_h, dY_c, d(initial_h), d(initial_c).
        check("LSTM Y, Y_h and Y_c read, initial states trainable", () -> {
          GradientCheck c = GradientCheck.of("LSTM all outputs and initial states");
          String h0 = initialState(c, "h0");
          String c0 = initialState(c, "c0");
          NodeBuilder l = lstm(c, "lstm", timeMajor(c, c.batchedActivation("x", SEQ, INPUT)), INPUT,
              n -> n.inputs("", h0, c0));
          l.outputs("y", "y_h", "y_c");
          GraphBuilder g = c.graph();
          String states = typed(c, g.node("Add").inputs("y_h", "y_c").output("y_h_plus_c"), state());
          String sum = typed(c, g.node("Add").inputs("y", states).output("y_plus_states"), seqBatch(1L, null, HIDDEN));
          return predictSequence(c, sum);
        }),
        check("LSTM dX, X fed by a parameter", () -> {
          GradientCheck c = GradientCheck.of("LSTM dX");
          NodeBuilder l = lstm(c, "lstm", timeMajor(c, c.batchedActivation("x", SEQ, INPUT)), INPUT, n -> n);
          return predictSequence(c, l.outputs("y").get(0));
        }),
        check("LSTM two stacked layers", () -> {
          GradientCheck c = GradientCheck.of("LSTM two layers");
          NodeBuilder first = lstm(c, "l0", timeMajor(c, c.batchedActivation("x", SEQ, INPUT)), INPUT, n -> n);
          String y0 = first.outputs("y0", "", "").get(0);
          // [seq, 1, batch, hidden] → [seq, batch, hidden], as PyTorch feeds the next layer.
          String squeezed = typed(c, c.graph().node("Squeeze").inputs(y0, c.graph().int64s("axis_1", 1))
              .output("y0_squeezed"), seqBatch(HIDDEN));
          NodeBuilder second = lstm(c, "l1", squeezed, HIDDEN, n -> n);
          return predictSequence(c, second.outputs("y1", "", "").get(0));
        }),
        check("GRU linear_before_reset 1 (PyTorch's), initial_h and X trainable", () -> {
          GradientCheck c = GradientCheck.of("GRU linear_before_reset 1");
          String h0 = initialState(c, "h0");
          String y = gru(c, timeMajor(c, c.batchedActivation("x", SEQ, INPUT)), true,
              n -> n.attr("linear_before_reset", 1L).inputs("", h0)).outputs("y").get(0);
          return predictSequence(c, y);
        }),
        // The first step of the unrolled form adds Rb alone where the zero state's product would be.
        check("GRU linear_before_reset 1, zero initial state", () -> {
          GradientCheck c = GradientCheck.of("GRU linear_before_reset 1 zero state");
          String y = gru(c, timeMajor(c, c.batchedActivation("x", SEQ, INPUT)), true,
              n -> n.attr("linear_before_reset", 1L)).outputs("y").get(0);
          return predictSequence(c, y);
        }),
        check("LSTM initial_h only", () -> {
          GradientCheck c = GradientCheck.of("LSTM initial_h only");
          String h0 = initialState(c, "h0");
          NodeBuilder l = lstm(c, "lstm", timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), INPUT,
              n -> n.inputs("", h0));
          return predictState(c, l.outputs("", "", "y_c").get(2));
        }),
        check("GRU linear_before_reset 0", () -> {
          GradientCheck c = GradientCheck.of("GRU linear_before_reset 0");
          String y = gru(c, timeMajor(c, c.batchedActivation("x", SEQ, INPUT)), true, n -> n)
              .outputs("y", "").get(0);
          return predictSequence(c, y);
        }),
        check("GRU loss on Y_h only, no bias", () -> {
          GradientCheck c = GradientCheck.of("GRU loss on Y_h");
          String yh = gru(c, timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), false,
              n -> n.attr("linear_before_reset", 1L)).outputs("", "y_h").get(1);
          return predictState(c, yh);
        }),
        check("GRU linear_before_reset 0, initial_h and X trainable", () -> {
          GradientCheck c = GradientCheck.of("GRU linear_before_reset 0 initial_h");
          String h0 = initialState(c, "h0");
          String y = gru(c, timeMajor(c, c.batchedActivation("x", SEQ, INPUT)), true, n -> n.inputs("", h0))
              .outputs("y").get(0);
          return predictSequence(c, y);
        }),
        check("GRU linear_before_reset 0, loss on Y_h only, no bias", () -> {
          GradientCheck c = GradientCheck.of("GRU linear_before_reset 0 Y_h");
          String yh = gru(c, timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), false, n -> n)
              .outputs("", "y_h").get(1);
          return predictState(c, yh);
        }),
        check("GRU linear_before_reset 0, no bias, initial_h trainable", () -> {
          GradientCheck c = GradientCheck.of("GRU linear_before_reset 0 no bias initial_h");
          String h0 = initialState(c, "h0");
          String y = gru(c, timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), false,
              n -> n.inputs("", "", h0)).outputs("y").get(0);
          return predictSequence(c, y);
        }),
        check("GRU linear_before_reset 1, loss on Y_h only, initial_h trainable", () -> {
          GradientCheck c = GradientCheck.of("GRU linear_before_reset 1 Y_h initial_h");
          String h0 = initialState(c, "h0");
          String yh = gru(c, timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), true,
              n -> n.attr("linear_before_reset", 1L).inputs("", h0)).outputs("", "y_h").get(1);
          return predictState(c, yh);
        }),
        check("GRU linear_before_reset 1, no bias, initial_h trainable", () -> {
          GradientCheck c = GradientCheck.of("GRU linear_before_reset 1 no bias initial_h");
          String h0 = initialState(c, "h0");
          String y = gru(c, timeMajor(c, c.batchedActivation("x", SEQ, INPUT)), false,
              n -> n.attr("linear_before_reset", 1L).inputs("", "", h0)).outputs("y").get(0);
          return predictSequence(c, y);
        }),
        // Every path into the unrolled layer's gradient rule at once: dY, dY_h, d(initial_h), dX, dW, dR, dB.
        gruAllPaths(0),
        gruAllPaths(1),
        gruTwoLayers(0),
        gruTwoLayers(1),
        // Reverse and bidirectional nodes train as forward nodes on the steps reversed in time; the finite
        // differences run the original node, as ONNX Runtime runs it for inference.
        check("LSTM bidirectional, Y, Y_h and Y_c read, initial states and X trainable", () -> {
          GradientCheck c = GradientCheck.of("LSTM bidirectional all paths");
          String h0 = initialStates(c, "h0", 2);
          String c0 = initialStates(c, "c0", 2);
          directedLstm(c, "bidirectional", timeMajor(c, c.batchedActivation("x", SEQ, INPUT)),
              n -> n.inputs("", h0, c0)).outputs("y", "y_h", "y_c");
          return predictSequenceWithStates(c, 2, "y", "y_h", "y_c");
        }),
        check("LSTM bidirectional, loss on Y_h only", () -> {
          GradientCheck c = GradientCheck.of("LSTM bidirectional Y_h");
          String yh = directedLstm(c, "bidirectional", timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))),
              n -> n).outputs("", "y_h").get(1);
          return predictStates(c, yh, 2);
        }),
        check("LSTM reverse, Y and Y_h read, initial states trainable", () -> {
          GradientCheck c = GradientCheck.of("LSTM reverse");
          String h0 = initialStates(c, "h0", 1);
          String c0 = initialStates(c, "c0", 1);
          directedLstm(c, "reverse", timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))),
              n -> n.inputs("", h0, c0)).outputs("y", "y_h");
          return predictSequenceWithStates(c, 1, "y", "y_h");
        }),
        directedGru("bidirectional", 0),
        directedGru("bidirectional", 1),
        directedGru("reverse", 1));
  }

  /** A GRU of {@code direction} whose Y and Y_h are read, with initial_h and X trainable. */
  private static Arguments directedGru(String direction, long linearBeforeReset) {
    return check("GRU " + direction + ", linear_before_reset " + linearBeforeReset + ", Y and Y_h read,"
        + " initial_h and X trainable", () -> {
          GradientCheck c = GradientCheck.of("GRU " + direction + " linear_before_reset " + linearBeforeReset);
          long directions = directions(direction);
          String h0 = initialStates(c, "h0", directions);
          String w = c.parameter("w", directions, 3 * HIDDEN, INPUT);
          String r = c.parameter("r", directions, 3 * HIDDEN, HIDDEN);
          String b = c.parameter("b", directions, 6 * HIDDEN);
          c.graph().node("GRU").name(direction)
              .inputs(timeMajor(c, c.batchedActivation("x", SEQ, INPUT)), w, r, b, "", h0)
              .attr("hidden_size", HIDDEN).attr("direction", direction)
              .attr("linear_before_reset", linearBeforeReset).outputs("y", "y_h");
          return predictSequenceWithStates(c, directions, "y", "y_h");
        });
  }

  /** num_directions of an ONNX direction. */
  private static long directions(String direction) {
    return direction.equals("bidirectional") ? 2 : 1;
  }

  /** An LSTM node of {@code direction}, named after it, with trainable W, R and B for each direction. */
  static NodeBuilder directedLstm(GradientCheck c, String direction, String x, UnaryOperator<NodeBuilder> more) {
    long directions = directions(direction);
    String w = c.parameter("w", directions, 4 * HIDDEN, INPUT);
    String r = c.parameter("r", directions, 4 * HIDDEN, HIDDEN);
    String b = c.parameter("b", directions, 8 * HIDDEN);
    return more.apply(c.graph().node("LSTM").name(direction).inputs(x, w, r, b).attr("hidden_size", HIDDEN)
        .attr("direction", direction));
  }

  /** Initial states [directions, batch, hidden] that need a gradient: a batched activation transposed. */
  static String initialStates(GradientCheck c, String name, long directions) {
    String perSample = c.batchedActivation(name + "_rows", directions, HIDDEN);
    return typed(c, c.graph().node("Transpose").inputs(perSample).ints("perm", 1, 0, 2).output(name),
        states(directions));
  }

  /**
   * Predicts Y [seq, directions, batch, hidden] plus the last states [directions, batch, hidden] (broadcast
   * over the steps), as [batch, seq, directions, hidden].
   */
  static GradientCheck predictSequenceWithStates(GradientCheck c, long directions, String y, String... states) {
    GraphBuilder g = c.graph();
    g.valueType(y, seqBatch(directions, null, HIDDEN));
    String sum = y;
    for (String state : states) {
      g.valueType(state, states(directions));
      sum = typed(c, g.node("Add").inputs(sum, state).output(sum + "_plus_" + state),
          seqBatch(directions, null, HIDDEN));
    }
    String out = g.node("Transpose").inputs(sum).ints("perm", 2, 0, 1, 3).output("prediction");
    return c.predict(out, TensorType.floats(Shape.batched(SEQ, directions, HIDDEN)));
  }

  /** Predicts last states [directions, batch, hidden] as [batch, directions, hidden]. */
  static GradientCheck predictStates(GradientCheck c, String states, long directions) {
    c.graph().valueType(states, states(directions));
    String out = c.graph().node("Transpose").inputs(states).ints("perm", 1, 0, 2).output("prediction");
    return c.predict(out, TensorType.floats(Shape.batched(directions, HIDDEN)));
  }

  /** [directions, batch, hidden]. */
  static TensorType states(long directions) {
    return TensorType.floats(Shape.fromProto(TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(directions))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(Shape.BATCH))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(HIDDEN)).build()));
  }

  /** A GRU whose Y and Y_h are both read, with initial_h and X trainable, over a batch of five. */
  private static Arguments gruAllPaths(long linearBeforeReset) {
    return check("GRU linear_before_reset " + linearBeforeReset + ", Y and Y_h read, initial_h and X trainable",
        () -> {
          GradientCheck c = GradientCheck.ofBatch("GRU linear_before_reset " + linearBeforeReset + " all paths", 5);
          String h0 = initialState(c, "h0");
          gru(c, timeMajor(c, c.batchedActivation("x", SEQ, INPUT)), true,
              n -> n.attr("linear_before_reset", linearBeforeReset).inputs("", h0)).outputs("y", "y_h");
          String sum = typed(c, c.graph().node("Add").inputs("y", "y_h").output("y_plus_h"),
              seqBatch(1L, null, HIDDEN));
          return predictSequence(c, sum);
        });
  }

  /** Two GRU layers, the second fed the first's Y as PyTorch feeds it; the first has no bias. */
  private static Arguments gruTwoLayers(long linearBeforeReset) {
    return check("GRU linear_before_reset " + linearBeforeReset + ", two stacked layers", () -> {
      GradientCheck c = GradientCheck.of("GRU linear_before_reset " + linearBeforeReset + " two layers");
      String y0 = gru(c, "g0", timeMajor(c, c.batchedActivation("x", SEQ, INPUT)), INPUT, false,
          n -> n.attr("linear_before_reset", linearBeforeReset)).outputs("y0").get(0);
      String squeezed = typed(c, c.graph().node("Squeeze").inputs(y0, c.graph().int64s("axis_1", 1))
          .output("y0_squeezed"), seqBatch(HIDDEN));
      String y1 = gru(c, "g1", squeezed, HIDDEN, true, n -> n.attr("linear_before_reset", linearBeforeReset))
          .outputs("y1").get(0);
      return predictSequence(c, y1);
    });
  }

  /** A forward LSTM node with trainable W, R and B, not yet given its outputs. */
  static NodeBuilder lstm(GradientCheck c, String name, String x, long inputSize,
      UnaryOperator<NodeBuilder> more) {
    String w = c.parameter(name + "_w", 1, 4 * HIDDEN, inputSize);
    String r = c.parameter(name + "_r", 1, 4 * HIDDEN, HIDDEN);
    String b = c.parameter(name + "_b", 1, 8 * HIDDEN);
    return more.apply(c.graph().node("LSTM").name(name).inputs(x, w, r, b).attr("hidden_size", HIDDEN));
  }

  static NodeBuilder gru(GradientCheck c, String x, boolean bias,
      UnaryOperator<NodeBuilder> more) {
    String w = c.parameter("w", 1, 3 * HIDDEN, INPUT);
    String r = c.parameter("r", 1, 3 * HIDDEN, HIDDEN);
    NodeBuilder n = c.graph().node("GRU").name("gru").inputs(x, w, r).attr("hidden_size", HIDDEN);
    if (bias) {
      n.inputs(c.parameter("b", 1, 6 * HIDDEN));
    }
    return more.apply(n);
  }

  /** A forward GRU node named {@code name} with trainable W, R (and B), not yet given its outputs. */
  static NodeBuilder gru(GradientCheck c, String name, String x, long inputSize, boolean bias,
      UnaryOperator<NodeBuilder> more) {
    String w = c.parameter(name + "_w", 1, 3 * HIDDEN, inputSize);
    String r = c.parameter(name + "_r", 1, 3 * HIDDEN, HIDDEN);
    NodeBuilder n = c.graph().node("GRU").name(name).inputs(x, w, r).attr("hidden_size", HIDDEN);
    if (bias) {
      n.inputs(c.parameter(name + "_b", 1, 6 * HIDDEN));
    }
    return more.apply(n);
  }

  /** [batch, seq, input] → [seq, batch, input], the Transpose PyTorch writes for batch_first. */
  static String timeMajor(GradientCheck c, String x) {
    return typed(c, c.graph().node("Transpose").inputs(x).ints("perm", 1, 0, 2).output(x + "_time_major"),
        seqBatch(INPUT));
  }

  /** An initial state [1, batch, hidden] that needs a gradient: a batched activation with a leading 1. */
  static String initialState(GradientCheck c, String name) {
    String perSample = c.batchedActivation(name + "_rows", HIDDEN);
    return typed(c, c.graph().node("Unsqueeze").inputs(perSample, c.graph().int64s(name + "_axis", 0))
        .output(name), state());
  }

  /** Predicts Y [seq, 1, batch, hidden] as [batch, seq, 1, hidden]. */
  static GradientCheck predictSequence(GradientCheck c, String y) {
    c.graph().valueType(y, seqBatch(1L, null, HIDDEN));
    String out = c.graph().node("Transpose").inputs(y).ints("perm", 2, 0, 1, 3).output("prediction");
    return c.predict(out, TensorType.floats(Shape.batched(SEQ, 1, HIDDEN)));
  }

  /** Predicts a final state [1, batch, hidden] as [batch, 1, hidden]. */
  static GradientCheck predictState(GradientCheck c, String state) {
    c.graph().valueType(state, state());
    String out = c.graph().node("Transpose").inputs(state).ints("perm", 1, 0, 2).output("prediction");
    return c.predict(out, TensorType.floats(Shape.batched(1, HIDDEN)));
  }

  static String typed(GradientCheck c, String value, TensorType type) {
    c.graph().valueType(value, type);
    return value;
  }

  /** [SEQ, batch, rest...], or with a null among {@code dims} the batch in its place after SEQ. */
  static TensorType seqBatch(Long... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(SEQ));
    boolean batchPlaced = Arrays.asList(dims).contains(null);
    if (!batchPlaced) {
      s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(Shape.BATCH));
    }
    for (Long d : dims) {
      s.addDim(d == null ? TensorShapeProto.Dimension.newBuilder().setDimParam(Shape.BATCH)
          : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return TensorType.floats(Shape.fromProto(s.build()));
  }

  /** [1, batch, hidden]. */
  static TensorType state() {
    return TensorType.floats(Shape.fromProto(TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(Shape.BATCH))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(HIDDEN)).build()));
  }

  @Test
  void anLstmLeftInInferenceFormIsReportedWithItsNode() {
    GraphBuilder g = new GraphBuilder("plain");
    g.input("x", seqBatch(INPUT));
    g.initializer(Tensors.floats("w", new long[] {1, 4 * HIDDEN, INPUT}, new float[48]));
    g.initializer(Tensors.floats("r", new long[] {1, 4 * HIDDEN, HIDDEN}, new float[64]));
    g.node("LSTM").name("plain").inputs("x", "w", "r").attr("hidden_size", HIDDEN).outputs("y");
    g.node("ReduceSum").inputs("y").attr("keepdims", 0L).outputs("loss");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> GradientBuilder.differentiate(g,
        GradientRegistry.standard(), "loss", g.scalar("one", 1f), List.of("w", "r")));
    assertTrue(e.getMessage().contains("LSTM node 'plain'") && e.getMessage().contains("TrainingRewrite"),
        e.getMessage());
  }

  /**
   * A bidirectional node trains as two forward nodes in either formulation; the eval graph keeps the node,
   * which ONNX Runtime runs natively. Outputs nothing reads are not computed.
   */
  @ParameterizedTest
  @EnumSource(Recurrence.class)
  void aBidirectionalLstmTrainsAsTwoForwardNodes(Recurrence form) {
    GradientCheck c = GradientCheck.of("LSTM bidirectional form").gradients(rules(form));
    String y = directedLstm(c, "bidirectional", timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), n -> n)
        .outputs("y", "y_h", "y_c").get(0);
    predictSequenceWithStates(c, 2, y);
    TrainingArtifacts artifacts = c.artifacts();
    List<NodeProto> training = artifacts.trainingModel().getGraph().getNodeList();
    if (form == Recurrence.KERNEL) {
      assertEquals(2, training.stream().filter(n -> n.getOpType().equals("LSTMTraining")).count(),
          training.stream().map(NodeProto::getOpType).toList().toString());
    }
    assertTrue(training.stream().noneMatch(n -> n.getOpType().equals("LSTM")), "no LSTM node left to train");
    assertTrue(training.stream().noneMatch(n -> n.getOutputList().contains("y_h") || n.getOutputList().contains("y_c")),
        "the unread last states are not computed");
    assertTrue(artifacts.evalModel().getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("LSTM")
        && n.getAttributeList().stream().anyMatch(a -> a.getName().equals("direction")
            && a.getS().toStringUtf8().equals("bidirectional"))), "the eval model keeps the bidirectional node");
  }

  /** A refusal of a bidirectional node names the node, not one of the forward nodes it would train as. */
  @ParameterizedTest
  @EnumSource(Recurrence.class)
  void aBidirectionalNodeIsRefusedUnderItsOwnName(Recurrence form) {
    GradientCheck c = GradientCheck.of("LSTM bidirectional clip").gradients(rules(form));
    String y = directedLstm(c, "bidirectional", timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))),
        n -> n.attr("clip", 3f)).outputs("y").get(0);
    predictSequenceWithStates(c, 2, y);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::artifacts);
    assertTrue(e.getMessage().contains("LSTM node 'bidirectional'") && e.getMessage().contains("clip"),
        e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Recurrence.class)
  void anUnknownDirectionIsRefusedWithTheReason(Recurrence form) {
    GradientCheck c = GradientCheck.of("LSTM sideways").gradients(rules(form));
    NodeBuilder l = lstm(c, "sideways", timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), INPUT,
        n -> n.attr("direction", "sideways"));
    predictSequence(c, l.outputs("y").get(0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::artifacts);
    assertTrue(e.getMessage().contains("LSTM node 'sideways'") && e.getMessage().contains("'sideways'")
        && e.getMessage().contains("ONNX defines forward, reverse and bidirectional"), e.getMessage());
  }

  /** LSTMGrad's peephole gradients disagree with finite differences, so peepholes are refused (by both forms). */
  @ParameterizedTest
  @EnumSource(Recurrence.class)
  void peepholesAreRejectedWithTheReason(Recurrence form) {
    GradientCheck c = GradientCheck.of("LSTM peepholes").gradients(rules(form));
    String p = c.parameter("p", 1, 3 * HIDDEN);
    NodeBuilder l = lstm(c, "peep", timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), INPUT,
        n -> n.inputs("", "", "", p));
    predictSequence(c, l.outputs("y").get(0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::artifacts);
    assertTrue(e.getMessage().contains("LSTM node 'peep'") && e.getMessage().contains("peephole"),
        e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Recurrence.class)
  void sequenceLengthsAreRejectedWithTheReason(Recurrence form) {
    GradientCheck c = GradientCheck.of("GRU sequence_lens").gradients(rules(form));
    String lengths = c.longInput("lengths", Shape.batched());
    String y = gru(c, timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), true, n -> n.inputs(lengths))
        .outputs("y").get(0);
    predictSequence(c, y);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::artifacts);
    assertTrue(e.getMessage().contains("GRU node 'gru'") && e.getMessage().contains("sequence_lens"),
        e.getMessage());
  }

  /** Unrolling needs the number of steps; a layer without one trains with the kernels instead. */
  @Test
  void aSymbolicSequenceLengthFallsBackToTheKernels() {
    GraphBuilder g = openEndedGru();
    TrainingRewrite.apply(g, rules(Recurrence.UNROLLED));
    assertEquals(List.of("GRUTraining"), g.nodes().stream().map(NodeProto::getOpType).toList());
  }

  @Test
  void unrollingASymbolicSequenceLengthIsRefusedWithTheReason() {
    GraphBuilder g = openEndedGru();
    NodeProto gru = g.nodes().get(0);
    g.nodes().clear();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RecurrentUnrolling.rewrite(g, gru));
    assertTrue(e.getMessage().contains("GRU node 'open_ended'") && e.getMessage().contains("'steps'")
        && e.getMessage().contains("Recurrence.KERNEL"), e.getMessage());
  }

  /** A GRU over X [steps, batch, input] with a symbolic number of steps. */
  private static GraphBuilder openEndedGru() {
    GraphBuilder g = new GraphBuilder("symbolic sequence");
    g.input("x", TensorType.floats(Shape.fromProto(TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("steps"))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(Shape.BATCH))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(INPUT)).build())));
    g.initializer(Tensors.floats("w", new long[] {1, 3 * HIDDEN, INPUT}, new float[36]));
    g.initializer(Tensors.floats("r", new long[] {1, 3 * HIDDEN, HIDDEN}, new float[48]));
    g.node("GRU").name("open_ended").inputs("x", "w", "r").attr("hidden_size", HIDDEN).outputs("y");
    return g;
  }

  /** The formulation decides the training graph; the eval graph keeps the inference node either way. */
  @ParameterizedTest
  @EnumSource(Recurrence.class)
  void theFormulationChoosesTheTrainingGraph(Recurrence form) {
    GradientCheck c = GradientCheck.of("LSTM form").gradients(rules(form));
    NodeBuilder l = lstm(c, "lstm", timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), INPUT, n -> n);
    predictSequence(c, l.outputs("y").get(0));
    TrainingArtifacts artifacts = c.artifacts();
    Set<String> training = opTypes(artifacts.trainingModel());
    boolean kernels = training.contains("LSTMTraining") && training.contains("LSTMGrad");
    assertEquals(form == Recurrence.KERNEL, kernels, training.toString());
    assertFalse(training.contains("LSTM"), training.toString());
    assertTrue(opTypes(artifacts.evalModel()).contains("LSTM"));
  }

  /**
   * Unrolled, the steps' contributions to R's gradient are one product of the stacked gate gradients and
   * states, and the steps' input projections one product of X: no Gemm or Sum per step for the weights. The
   * layer's gradient rule reads each step's gates where the forward pass left them, without stacking them.
   */
  @Test
  void theUnrolledWeightGradientsAreOneProductEach() {
    GradientCheck c = GradientCheck.of("LSTM weight products").gradients(rules(Recurrence.UNROLLED));
    NodeBuilder l = lstm(c, "lstm", timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), INPUT, n -> n);
    predictSequence(c, l.outputs("y").get(0));
    List<NodeProto> nodes = c.artifacts().trainingModel().getGraph().getNodeList();
    long gemms = nodes.stream().filter(n -> n.getOpType().equals("Gemm")).count();
    // SEQ − 1 steps multiply the state by R (the first state is zero) and SEQ − 1 steps of the backward pass
    // the gate gradients by R, plus one product for R's gradient and one for W's.
    assertEquals(2 * (SEQ - 1) + 2, gemms, nodes.stream().map(NodeProto::getOpType).toList().toString());
    // Three SigmoidGrads and two TanhGrads per step, on the values where the forward pass left them.
    assertEquals(5 * SEQ,
        nodes.stream().filter(n -> Set.of("SigmoidGrad", "TanhGrad").contains(n.getOpType())).count(),
        nodes.stream().map(NodeProto::getOpType).toList().toString());
    // Stacked copies: Y and the previous states forward; per step the gate factors and [dC, dH, dC, dC]; the
    // steps' gate gradients once. The steps' gates and cell states are not stacked.
    assertEquals(2 + 2 * SEQ + 1, nodes.stream().filter(n -> n.getOpType().equals("Concat")).count(),
        nodes.stream().map(NodeProto::getOpType).toList().toString());
    assertTrue(nodes.stream().noneMatch(n -> n.getOpType().equals("Sum") && n.getOutput(0).startsWith("lstm_r")),
        "R's gradient should not be a Sum of per-step parts");
  }

  /**
   * An unrolled GRU's weight gradients are one product of stacked operands each: R's whole for
   * linear_before_reset 1, and for 0 one per block of R's rows (z, r multiply H; h multiplies r⊙H). The gate
   * derivatives are taken for all steps at once, not step by step.
   */
  @ParameterizedTest
  @ValueSource(longs = {0, 1})
  void theUnrolledGruWeightGradientsAreOneProductEach(long linearBeforeReset) {
    GradientCheck c = GradientCheck.of("GRU weight products").gradients(rules(Recurrence.UNROLLED));
    String y = gru(c, timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), true,
        n -> n.attr("linear_before_reset", linearBeforeReset)).outputs("y").get(0);
    predictSequence(c, y);
    List<NodeProto> nodes = c.artifacts().trainingModel().getGraph().getNodeList();
    String types = nodes.stream().map(NodeProto::getOpType).toList().toString();
    long products = nodes.stream().filter(n -> Set.of("Gemm", "MatMul").contains(n.getOpType())).count();
    if (linearBeforeReset == 1) {
      // SEQ − 1 steps multiply the state by R (the first state is zero), SEQ − 1 steps of the backward pass
      // dP by R; one product for R's gradient, one for W's, and X·Wᵀ.
      assertEquals(2 * (SEQ - 1) + 3, products, types);
      assertTrue(nodes.stream().noneMatch(n -> n.getOpType().equals("Sum") && (n.getOutput(0).startsWith("r_")
          || n.getOutput(0).startsWith("gru_r"))), "R's gradient should not be a Sum of per-step parts");
    } else {
      // SEQ − 1 steps multiply the state by R_zr and r⊙H by R_h; backward, SEQ − 1 steps da_zr by R_zr and SEQ
      // steps da_h by R_h; one product each for R_zr's, R_h's and W's gradients, and X·Wᵀ.
      assertEquals(2 * (SEQ - 1) + (SEQ - 1) + SEQ + 4, products, types);
    }
    // Two SigmoidGrads (z and r) and one TanhGrad over all steps' rows, none per step.
    assertEquals(2, nodes.stream().filter(n -> n.getOpType().equals("SigmoidGrad")).count(), types);
    assertEquals(1, nodes.stream().filter(n -> n.getOpType().equals("TanhGrad")).count(), types);
  }

  /** The layer rule leaves far fewer nodes than differentiating the unrolled steps node by node. */
  @ParameterizedTest
  @ValueSource(longs = {0, 1})
  void theUnrolledGruTrainingGraphIsSmall(long linearBeforeReset) {
    GradientCheck c = GradientCheck.of("GRU nodes").gradients(rules(Recurrence.UNROLLED));
    String h0 = initialState(c, "h0");
    String y = gru(c, timeMajor(c, c.input("x", Shape.batched(SEQ, INPUT))), true,
        n -> n.attr("linear_before_reset", linearBeforeReset).inputs("", h0)).outputs("y").get(0);
    predictSequence(c, y);
    int nodes = c.artifacts().trainingModel().getGraph().getNodeCount();
    // Between the two forms: node by node, each step's backward pass has several times the nodes it has here.
    assertTrue(nodes <= 180, "training graph nodes: " + nodes);
  }

  private static Set<String> opTypes(ModelProto model) {
    return model.getGraph().getNodeList().stream().map(NodeProto::getOpType).collect(Collectors.toSet());
  }
}
