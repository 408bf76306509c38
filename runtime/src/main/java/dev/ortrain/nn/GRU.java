package dev.ortrain.nn;

import dev.ortrain.graph.GraphBuilder;

/**
 * Gated recurrent unit layers, as PyTorch's {@code nn.GRU(input_size, hidden_size, num_layers,
 * batch_first=True)}: gates r, z, n stacked in that order in each weight, the reset gate applied after the
 * state's linear map (ONNX's linear_before_reset = 1, which is PyTorch's formula). See {@link Recurrent}.
 */
public final class GRU extends Recurrent<GRU> {
  /** PyTorch's r, z, n blocks for ONNX's z, r, h. */
  private static final int[] ONNX_ORDER = {1, 0, 2};

  public GRU(long inputSize, long hiddenSize) {
    this(inputSize, hiddenSize, 1);
  }

  public GRU(long inputSize, long hiddenSize, int numLayers) {
    super(inputSize, hiddenSize, numLayers);
  }

  @Override
  int gates() {
    return 3;
  }

  @Override
  String onnxOperator() {
    return "GRU";
  }

  @Override
  int[] pytorchBlockOfOnnxGate() {
    return ONNX_ORDER;
  }

  @Override
  void addAttributes(GraphBuilder.NodeBuilder node) {
    node.attr("linear_before_reset", 1L);
  }
}
