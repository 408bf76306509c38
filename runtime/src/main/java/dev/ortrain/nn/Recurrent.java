package dev.ortrain.nn;

import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * The stacked recurrent layers {@link LSTM} and {@link GRU} over {@code [batch, time, input_size]} (PyTorch's
 * {@code batch_first=True}): parameters named and initialized as PyTorch's ({@code weight_ih_l0},
 * {@code weight_hh_l0}, {@code bias_ih_l0}, {@code bias_hh_l0}, ... all U(−1/√hidden, 1/√hidden), and
 * {@code weight_ih_l0_reverse}, ... when {@link #bidirectional()}), gates in PyTorch's order. Each layer and
 * direction is emitted as a forward ONNX node as PyTorch exports it, its gate blocks reordered to ONNX's, so
 * that training differentiates it as an imported one (unrolled or with the kernels, per
 * {@code GradientFormulation.Recurrence}); the reverse direction runs forward over the time-reversed
 * sequence, since those formulations run forward only. The output is the top layer's whole sequence
 * {@code [batch, time, hidden]}, or with {@link #lastState()} its last hidden state {@code [batch, hidden]};
 * bidirectional, both directions' concatenated, {@code [batch, time, 2·hidden]} or {@code [batch, 2·hidden]}.
 */
public abstract class Recurrent<S extends Recurrent<S>> extends AbstractLayer<S> {
  private final long inputSize;
  private final long hiddenSize;
  private final int numLayers;
  private boolean lastState;
  private boolean bidirectional;
  private float dropout;

  Recurrent(long inputSize, long hiddenSize, int numLayers) {
    if (inputSize < 1 || hiddenSize < 1 || numLayers < 1) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " needs input_size, hidden_size and"
          + " num_layers >= 1, got " + inputSize + ", " + hiddenSize + " and " + numLayers);
    }
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
  }

  /** Outputs the top layer's last hidden state {@code [batch, hidden]} (PyTorch's {@code h_n[-1]}). */
  public S lastState() {
    this.lastState = true;
    return self();
  }

  /**
   * Runs each layer over the sequence in both directions and concatenates their outputs, as PyTorch's
   * {@code bidirectional=True}; the reverse direction's parameters end in {@code _reverse}, and with
   * {@link #lastState()} the output is the top layer's last states of both directions,
   * {@code torch.cat([h_n[-2], h_n[-1]], 1)} in PyTorch.
   */
  public S bidirectional() {
    this.bidirectional = true;
    return self();
  }

  /**
   * Drops each output of every layer but the last with probability {@code p} in training, as PyTorch's
   * {@code dropout=p}; the inference model and evaluation do not drop.
   */
  public S dropout(float p) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " needs a dropout 0 <= p < 1, got " + p);
    }
    if (p > 0 && numLayers == 1) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " drops out between stacked layers, but"
          + " has one layer, so dropout " + p + " would do nothing; stack layers (num_layers >= 2) or put a"
          + " Dropout after the layer");
    }
    this.dropout = p;
    return self();
  }

  /** The number of gate blocks stacked in each weight: 4 for LSTM, 3 for GRU. */
  abstract int gates();

  /** The ONNX operator, {@code LSTM} or {@code GRU}. */
  abstract String onnxOperator();

  /** For each ONNX gate block in ONNX's order, the PyTorch block that holds it. */
  abstract int[] pytorchBlockOfOnnxGate();

  /** Attributes beyond hidden_size, such as GRU's linear_before_reset. */
  void addAttributes(dev.ortrain.graph.GraphBuilder.NodeBuilder node) {}

  @Override
  public String describe() {
    return getClass().getSimpleName() + " " + inputSize + "->" + hiddenSize
        + (numLayers == 1 ? "" : " layers " + numLayers) + (bidirectional ? " bidirectional" : "")
        + (dropout > 0 ? " dropout " + dropout : "") + (lastState ? " last state" : "");
  }

  @Override
  public Shape outputShape(Shape input) {
    String expected = "[batch, time, " + inputSize + "]";
    requireRank(input, 3, expected, getClass().getSimpleName() + " takes sequences batch first, as PyTorch's"
        + " batch_first=True; reshape images to [batch, rows, columns]");
    if (input.size(2) != inputSize) {
      throw new ShapeMismatchException("expects input " + expected + " but gets " + input
          + "; set input_size to " + input.size(2));
    }
    long features = directions().size() * hiddenSize;
    return lastState ? input.withPerSample(features) : input.withPerSample(input.size(1), features);
  }

  @Override
  public List<ParameterSpec> parameters(Shape input) {
    double bound = 1 / Math.sqrt(hiddenSize);
    Init init = Init.uniform(-bound, bound);
    long rows = gates() * hiddenSize;
    List<ParameterSpec> params = new ArrayList<>();
    for (int layer = 0; layer < numLayers; layer++) {
      long in = layer == 0 ? inputSize : directions().size() * hiddenSize;
      for (Direction d : directions()) {
        params.add(ParameterSpec.trainable(d.name("weight_ih", layer), Shape.of(rows, in), init,
            Fan.ofWeight(rows, in)));
        params.add(ParameterSpec.trainable(d.name("weight_hh", layer), Shape.of(rows, hiddenSize), init,
            Fan.ofWeight(rows, hiddenSize)));
        params.add(ParameterSpec.trainable(d.name("bias_ih", layer), Shape.of(rows), init, null));
        params.add(ParameterSpec.trainable(d.name("bias_hh", layer), Shape.of(rows), init, null));
      }
    }
    return params;
  }

  /** The directions each layer runs, in PyTorch's order of parameters and outputs. */
  List<Direction> directions() {
    return bidirectional ? List.of(Direction.FORWARD, Direction.REVERSE) : List.of(Direction.FORWARD);
  }

  @Override
  public void emit(LayerContext ctx) {
    RecurrentEmitter emitter = new RecurrentEmitter(ctx, this, hiddenSize);
    String sequence = emitter.timeFirst(ctx.input());
    for (int layer = 0; layer < numLayers; layer++) {
      boolean top = layer == numLayers - 1;
      RecurrentEmitter.Outputs out = emitter.layer(layer, directions(), sequence, top && lastState);
      sequence = top ? out.sequence() : emitter.dropout(out.sequence(), dropout);
      if (top && lastState) {
        emitter.lastStateAsOutput(out.lastState());
      }
    }
    if (!lastState) {
      emitter.batchFirstAsOutput(sequence);
    }
  }

  /** The rows of a weight or bias in ONNX's gate order, as the indices of a Gather of PyTorch's rows. */
  long[] onnxRowOrder() {
    int[] blocks = pytorchBlockOfOnnxGate();
    long[] rows = new long[(int) (blocks.length * hiddenSize)];
    for (int gate = 0; gate < blocks.length; gate++) {
      for (int i = 0; i < hiddenSize; i++) {
        rows[(int) (gate * hiddenSize + i)] = blocks[gate] * hiddenSize + i;
      }
    }
    return rows;
  }

  static TensorType floats(List<Object> dims) {
    return TensorType.floats(Dims.shape(dims));
  }

  /** A direction a layer runs the sequence in; PyTorch suffixes the reverse one's parameters. */
  enum Direction {
    FORWARD(""), REVERSE("_reverse");

    private final String suffix;

    Direction(String suffix) {
      this.suffix = suffix;
    }

    /** PyTorch's name of a parameter of {@code layer} in this direction, such as {@code weight_ih_l1_reverse}. */
    String name(String parameter, int layer) {
      return parameter + "_l" + layer + suffix;
    }
  }
}
