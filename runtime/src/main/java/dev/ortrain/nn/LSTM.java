package dev.ortrain.nn;

/**
 * Long short-term memory layers, as PyTorch's {@code nn.LSTM(input_size, hidden_size, num_layers,
 * batch_first=True)}: gates i, f, g, o stacked in that order in each weight. See {@link Recurrent}.
 */
public final class LSTM extends Recurrent<LSTM> {
  /** PyTorch's i, f, g, o blocks for ONNX's i, o, f, c. */
  private static final int[] ONNX_ORDER = {0, 3, 1, 2};

  public LSTM(long inputSize, long hiddenSize) {
    this(inputSize, hiddenSize, 1);
  }

  public LSTM(long inputSize, long hiddenSize, int numLayers) {
    super(inputSize, hiddenSize, numLayers);
  }

  @Override
  int gates() {
    return 4;
  }

  @Override
  String onnxOperator() {
    return "LSTM";
  }

  @Override
  int[] pytorchBlockOfOnnxGate() {
    return ONNX_ORDER;
  }
}
