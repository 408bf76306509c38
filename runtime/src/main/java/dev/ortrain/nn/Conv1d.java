package dev.ortrain.nn;

import dev.ortrain.graph.Shape;
import java.util.List;

/**
 * A 1-D convolution over {@code [batch, in_channels, length]} with weight {@code [out, in, k]}, as PyTorch's
 * {@code nn.Conv1d} (same names and initialization), emitted as ONNX {@code Conv}. Output length:
 * ⌊(length + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1.
 */
public final class Conv1d extends WeightedLayer<Conv1d> {
  private final long inChannels;
  private final long outChannels;
  private final int kernelSize;
  private int stride = 1;
  private int padding;
  private int dilation = 1;
  private boolean bias = true;

  public Conv1d(long inChannels, long outChannels, int kernelSize) {
    super(Init.pytorchWeight(), Init.pytorchBias());
    if (inChannels < 1 || outChannels < 1 || kernelSize < 1) {
      throw new IllegalArgumentException("Conv1d needs in_channels, out_channels and kernel_size >= 1, got "
          + inChannels + ", " + outChannels + " and " + kernelSize);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = kernelSize;
  }

  public Conv1d stride(int steps) {
    this.stride = Window1d.atLeast(1, "stride", steps);
    return this;
  }

  /** Zero padding at both ends. */
  public Conv1d padding(int count) {
    this.padding = Window1d.atLeast(0, "padding", count);
    return this;
  }

  public Conv1d dilation(int spacing) {
    this.dilation = Window1d.atLeast(1, "dilation", spacing);
    return this;
  }

  /** Whether the layer adds a bias per output channel (default true). */
  public Conv1d bias(boolean enabled) {
    this.bias = enabled;
    return this;
  }

  private Window1d window() {
    return new Window1d(kernelSize, stride, padding, dilation);
  }

  @Override
  public String describe() {
    return "Conv1d " + inChannels + "->" + outChannels + " " + window().describe(1) + (bias ? "" : " no bias");
  }

  @Override
  public Shape outputShape(Shape input) {
    String expected = "[batch, " + inChannels + ", length]";
    requireRank(input, 3, expected, "Conv1d takes sequences as [batch, channels, length]");
    if (input.size(1) != inChannels) {
      throw new ShapeMismatchException("expects input " + expected + " but gets " + input
          + "; set in_channels to " + input.size(1));
    }
    return input.withPerSample(outChannels, window().outputLength(input));
  }

  @Override
  public List<ParameterSpec> parameters(Shape input) {
    return kernelParameters(new long[] {outChannels, inChannels, kernelSize}, bias, outChannels);
  }

  @Override
  public void emit(LayerContext ctx) {
    var conv = kernelNode(ctx, "Conv", bias);
    window().addAttributes(conv);
    conv.ints("dilations", dilation).attr("group", 1L).outputs(ctx.output());
  }
}
