package dev.ortrain.nn;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import java.util.List;

/**
 * The nodes of a {@link Recurrent} layer: PyTorch's weights reordered into ONNX's gate order with one Gather
 * each, then one forward ONNX LSTM or GRU node per layer and direction on the time-first sequence, as
 * PyTorch's exporter writes a unidirectional layer. The reverse direction reads the sequence reversed in time
 * and its outputs are reversed back, so that training needs only the forward formulations.
 */
final class RecurrentEmitter {
  /** A layer's results: its sequence {@code [time, batch, hidden]} and, when asked, its last state. */
  record Outputs(String sequence, String lastState) {}

  private final LayerContext ctx;
  private final Recurrent<?> layer;
  private final long hidden;
  private final Object batch;
  private final long time;
  private final String rowOrder;

  RecurrentEmitter(LayerContext ctx, Recurrent<?> layer, long hidden) {
    this.ctx = ctx;
    this.layer = layer;
    this.hidden = hidden;
    this.batch = ctx.inputShape().dims().get(0);
    this.time = ctx.inputShape().size(1);
    this.rowOrder = ctx.graph().int64s(ctx.freshName("onnx_gate_order"), layer.onnxRowOrder());
  }

  /** {@code [batch, time, features]} as ONNX's {@code [time, batch, features]}. */
  String timeFirst(String input) {
    long features = ctx.inputShape().size(2);
    return typed(ctx.node("Transpose").inputs(input).ints("perm", 1, 0, 2), "time_first",
        List.of(time, batch, features));
  }

  /**
   * One layer on {@code sequence} in each of {@code directions}, their outputs concatenated along the
   * features; its last state is computed only where {@code withLastState}.
   */
  Outputs layer(int index, List<Recurrent.Direction> directions, String sequence, boolean withLastState) {
    if (directions.size() == 1) {
      return direction(index, directions.get(0), sequence, withLastState);
    }
    Outputs forward = direction(index, Recurrent.Direction.FORWARD, sequence, withLastState);
    Outputs backward = direction(index, Recurrent.Direction.REVERSE, timeReversed(sequence), withLastState);
    String both = typed(ctx.node("Concat").inputs(forward.sequence(), timeReversed(backward.sequence()))
        .attr("axis", 2L), "sequence_l" + index + "_both", List.of(time, batch, 2 * hidden));
    String lastStates = withLastState ? typed(ctx.node("Concat").inputs(forward.lastState(), backward.lastState())
        .attr("axis", 2L), "y_h_l" + index + "_both", List.of(1L, batch, 2 * hidden)) : null;
    return new Outputs(both, lastStates);
  }

  /**
   * {@code sequence} with each element zeroed with probability {@code p} in training (the training rewrite
   * feeds the mask); Dropout's inference form, the identity, elsewhere. Without a node where p is 0.
   */
  String dropout(String sequence, float p) {
    if (p == 0) {
      return sequence;
    }
    String ratio = ctx.graph().initializer(Tensors.floats(ctx.freshName("dropout_ratio"), new long[0], p));
    return typed(ctx.node("Dropout").inputs(sequence, ratio), "dropped",
        ctx.graph().typeOf(sequence).shape().dims());
  }

  /** The sequence {@code [time, batch, features]} from the last step to the first. */
  private String timeReversed(String sequence) {
    // Slicing from the last step to before the first, backwards: Long.MIN_VALUE is ONNX's "past the start".
    return typed(ctx.node("Slice").inputs(sequence, longs("reverse_start", time - 1),
        longs("reverse_end", Long.MIN_VALUE), longs("reverse_axis", 0), longs("reverse_step", -1)),
        "reversed", ctx.graph().typeOf(sequence).shape().dims());
  }

  /** One direction of one layer: an ONNX node of direction forward on {@code sequence}. */
  private Outputs direction(int index, Recurrent.Direction direction, String sequence, boolean withLastState) {
    long rows = layer.gates() * hidden;
    long in = ctx.graph().typeOf(sequence).shape().size(2);
    String w = asOnnxWeight(direction.name("weight_ih", index), List.of(1L, rows, in));
    String r = asOnnxWeight(direction.name("weight_hh", index), List.of(1L, rows, hidden));
    String b = onnxBias(direction, index, rows);
    String y = ctx.freshName(direction.name("y", index));
    String yh = ctx.freshName(direction.name("y_h", index));
    GraphBuilder.NodeBuilder node = ctx.node(layer.onnxOperator()).inputs(sequence, w, r, b)
        .attr("hidden_size", hidden);
    layer.addAttributes(node);
    if (withLastState) {
      node.outputs(y, yh);
    } else {
      node.outputs(y);
    }
    ctx.graph().valueType(y, Recurrent.floats(List.of(time, 1L, batch, hidden)));
    String steps = typed(ctx.node("Squeeze").inputs(y, axes(1)), direction.name("sequence", index),
        List.of(time, batch, hidden));
    if (withLastState) {
      ctx.graph().valueType(yh, Recurrent.floats(List.of(1L, batch, hidden)));
    }
    return new Outputs(steps, withLastState ? yh : null);
  }

  /** The last state {@code [1, batch, hidden]} as the layer's output {@code [batch, hidden]}. */
  void lastStateAsOutput(String lastState) {
    ctx.node("Squeeze").inputs(lastState, axes(0)).outputs(ctx.output());
  }

  /** The sequence {@code [time, batch, hidden]} as the layer's output {@code [batch, time, hidden]}. */
  void batchFirstAsOutput(String sequence) {
    ctx.node("Transpose").inputs(sequence).ints("perm", 1, 0, 2).outputs(ctx.output());
  }

  /** PyTorch's {@code [gates·hidden, cols]} in ONNX's gate order, as {@code [1, gates·hidden, cols]}. */
  private String asOnnxWeight(String parameter, List<Object> onnxDims) {
    String reordered = typed(ctx.node("Gather").inputs(ctx.parameter(parameter), rowOrder).attr("axis", 0L),
        parameter + "_onnx_order", onnxDims.subList(1, 3));
    return typed(ctx.node("Unsqueeze").inputs(reordered, axes(0)), parameter + "_onnx", onnxDims);
  }

  /** ONNX's B, {@code [1, 2·gates·hidden]}: the input biases then the state biases, each reordered. */
  private String onnxBias(Recurrent.Direction direction, int index, long rows) {
    String inputBias = direction.name("bias_ih", index);
    String stateBias = direction.name("bias_hh", index);
    String input = typed(ctx.node("Gather").inputs(ctx.parameter(inputBias), rowOrder).attr("axis", 0L),
        inputBias + "_onnx_order", List.of(rows));
    String state = typed(ctx.node("Gather").inputs(ctx.parameter(stateBias), rowOrder).attr("axis", 0L),
        stateBias + "_onnx_order", List.of(rows));
    String both = typed(ctx.node("Concat").inputs(input, state).attr("axis", 0L),
        direction.name("bias", index) + "_both", List.of(2 * rows));
    return typed(ctx.node("Unsqueeze").inputs(both, axes(0)), direction.name("bias", index) + "_onnx",
        List.of(1L, 2 * rows));
  }

  private String longs(String hint, long value) {
    return ctx.graph().int64s(ctx.freshName(hint), value);
  }

  private String axes(long axis) {
    return ctx.graph().int64s(ctx.freshName("axis_" + axis), axis);
  }

  /** Adds the node with a fresh output and records its type, which the training rewrite reads. */
  private String typed(GraphBuilder.NodeBuilder node, String hint, List<Object> dims) {
    String value = node.output(ctx.freshName(hint));
    ctx.graph().valueType(value, TensorType.floats(Dims.shape(dims)));
    return value;
  }
}
