package dev.ortrain.nn;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.TensorType;
import java.util.List;

/**
 * The nodes of a {@link Recurrent} layer: PyTorch's weights reordered into ONNX's gate order with one Gather
 * each, then one ONNX LSTM or GRU node per layer on the time-first sequence, as PyTorch's exporter writes it.
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

  /** One layer on {@code sequence}; its last state is computed only where {@code withLastState}. */
  Outputs layer(int index, String sequence, boolean withLastState) {
    long rows = layer.gates() * hidden;
    long in = ctx.graph().typeOf(sequence).shape().size(2);
    String w = asOnnxWeight("weight_ih_l" + index, List.of(1L, rows, in));
    String r = asOnnxWeight("weight_hh_l" + index, List.of(1L, rows, hidden));
    String b = onnxBias(index, rows);
    String y = ctx.freshName("y_l" + index);
    String yh = ctx.freshName("y_h_l" + index);
    GraphBuilder.NodeBuilder node = ctx.node(layer.onnxOperator()).inputs(sequence, w, r, b)
        .attr("hidden_size", hidden);
    layer.addAttributes(node);
    if (withLastState) {
      node.outputs(y, yh);
    } else {
      node.outputs(y);
    }
    ctx.graph().valueType(y, Recurrent.floats(List.of(time, 1L, batch, hidden)));
    String steps = typed(ctx.node("Squeeze").inputs(y, axes(1)), "sequence_l" + index, List.of(time, batch, hidden));
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
  private String onnxBias(int index, long rows) {
    String input = typed(ctx.node("Gather").inputs(ctx.parameter("bias_ih_l" + index), rowOrder)
        .attr("axis", 0L), "bias_ih_l" + index + "_onnx_order", List.of(rows));
    String state = typed(ctx.node("Gather").inputs(ctx.parameter("bias_hh_l" + index), rowOrder)
        .attr("axis", 0L), "bias_hh_l" + index + "_onnx_order", List.of(rows));
    String both = typed(ctx.node("Concat").inputs(input, state).attr("axis", 0L), "bias_l" + index + "_both",
        List.of(2 * rows));
    return typed(ctx.node("Unsqueeze").inputs(both, axes(0)), "bias_l" + index + "_onnx", List.of(1L, 2 * rows));
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
