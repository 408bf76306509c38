package dev.ortrain.nn;

import dev.ortrain.graph.Shape;
import java.util.List;

/**
 * A 2-D convolution over {@code [batch, in_channels, H, W]} with weight {@code [out, in/groups, kH, kW]},
 * emitted as ONNX {@code Conv}. Output size per axis: ⌊(in + pads − dilation·(k − 1) − 1) / stride⌋ + 1.
 */
public final class Conv2d extends WeightedLayer<Conv2d> {
  private final long inChannels;
  private final long outChannels;
  private Window2d window;
  private int groups = 1;
  private boolean bias = true;

  /** A square kernel. */
  public Conv2d(long inChannels, long outChannels, int kernelSize) {
    this(inChannels, outChannels, kernelSize, kernelSize);
  }

  public Conv2d(long inChannels, long outChannels, int kernelHeight, int kernelWidth) {
    super(Init.pytorchWeight(), Init.pytorchBias());
    if (inChannels < 1 || outChannels < 1) {
      throw new IllegalArgumentException("Conv2d needs in_channels and out_channels >= 1, got " + inChannels
          + " and " + outChannels);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.window = new Window2d(kernelHeight, kernelWidth, 1, 1, Padding2d.of(0), 1, 1);
  }

  public Conv2d stride(int stride) {
    return stride(stride, stride);
  }

  public Conv2d stride(int height, int width) {
    window = window.withStride(height, width);
    return this;
  }

  /** Zero padding on all sides. */
  public Conv2d padding(int padding) {
    return padding(Padding2d.of(padding));
  }

  /** Zero padding of {@code height} rows above and below and {@code width} columns left and right. */
  public Conv2d padding(int height, int width) {
    return padding(Padding2d.of(height, width));
  }

  public Conv2d padding(Padding2d padding) {
    window = window.withPadding(padding);
    return this;
  }

  public Conv2d dilation(int dilation) {
    return dilation(dilation, dilation);
  }

  public Conv2d dilation(int height, int width) {
    window = window.withDilation(height, width);
    return this;
  }

  /** Splits channels into independent groups; both channel counts must be divisible by it. */
  public Conv2d groups(int count) {
    if (count < 1 || inChannels % count != 0 || outChannels % count != 0) {
      throw new IllegalArgumentException("Conv2d " + inChannels + "->" + outChannels + " cannot use " + count
          + " groups: in_channels and out_channels must both be divisible by groups");
    }
    this.groups = count;
    return this;
  }

  /** Whether the layer adds a bias per output channel (default true). */
  public Conv2d bias(boolean enabled) {
    this.bias = enabled;
    return this;
  }

  @Override
  public String describe() {
    return "Conv2d " + inChannels + "->" + outChannels + " " + window.describe(false)
        + (groups == 1 ? "" : " groups " + groups) + (bias ? "" : " no bias");
  }

  @Override
  public Shape outputShape(Shape input) {
    String expected = "[batch, " + inChannels + ", height, width]";
    requireRank(input, 4, expected, "Conv2d takes images as [batch, channels, height, width]");
    if (input.size(1) != inChannels) {
      throw new ShapeMismatchException("expects input " + expected + " but gets " + input
          + "; set in_channels to " + input.size(1));
    }
    return window.outputShape(input, outChannels);
  }

  @Override
  public List<ParameterSpec> parameters(Shape input) {
    return kernelParameters(new long[] {outChannels, inChannels / groups, window.kernelH(), window.kernelW()}, bias, outChannels);
  }

  @Override
  public void emit(LayerContext ctx) {
    var conv = kernelNode(ctx, "Conv", bias);
    window.addAttributes(conv, true);
    conv.attr("group", (long) groups).outputs(ctx.output());
  }
}
