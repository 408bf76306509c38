package dev.ortrain.nn;

import dev.ortrain.graph.Shape;
import java.util.List;

/**
 * A transposed 2-D convolution (the decoder's upsampling) over {@code [batch, in_channels, H, W]} with
 * weight {@code [in, out, k, k]}, as PyTorch's {@code nn.ConvTranspose2d} (same names; its initialization,
 * whose fan-in is out·k·k because PyTorch reads the weight's second axis), emitted as ONNX
 * {@code ConvTranspose}. Output size per axis: (in − 1)·stride − 2·padding + (k − 1) + output_padding + 1.
 */
public final class ConvTranspose2d extends WeightedLayer<ConvTranspose2d> {
  private final long inChannels;
  private final long outChannels;
  private final int kernelSize;
  private int stride = 1;
  private int padding;
  private int outputPadding;
  private boolean bias = true;

  public ConvTranspose2d(long inChannels, long outChannels, int kernelSize) {
    super(Init.pytorchWeight(), Init.pytorchBias());
    if (inChannels < 1 || outChannels < 1 || kernelSize < 1) {
      throw new IllegalArgumentException("ConvTranspose2d needs in_channels, out_channels and kernel_size >= 1,"
          + " got " + inChannels + ", " + outChannels + " and " + kernelSize);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = kernelSize;
  }

  public ConvTranspose2d stride(int steps) {
    this.stride = Window1d.atLeast(1, "stride", steps);
    return this;
  }

  /** Removes {@code count} rows and columns from each border of the output, as PyTorch's padding. */
  public ConvTranspose2d padding(int count) {
    this.padding = Window1d.atLeast(0, "padding", count);
    return this;
  }

  /** Adds rows and columns at the bottom and right, to reach sizes a stride leaves ambiguous. */
  public ConvTranspose2d outputPadding(int count) {
    this.outputPadding = Window1d.atLeast(0, "output padding", count);
    return this;
  }

  public ConvTranspose2d bias(boolean enabled) {
    this.bias = enabled;
    return this;
  }

  @Override
  public String describe() {
    return "ConvTranspose2d " + inChannels + "->" + outChannels + " kernel " + kernelSize + "x" + kernelSize
        + (stride == 1 ? "" : " stride " + stride) + (padding == 0 ? "" : " padding " + padding)
        + (outputPadding == 0 ? "" : " output padding " + outputPadding) + (bias ? "" : " no bias");
  }

  @Override
  public Shape outputShape(Shape input) {
    String expected = "[batch, " + inChannels + ", height, width]";
    requireRank(input, 4, expected, "ConvTranspose2d takes images as [batch, channels, height, width]");
    if (input.size(1) != inChannels) {
      throw new ShapeMismatchException("expects input " + expected + " but gets " + input
          + "; set in_channels to " + input.size(1));
    }
    if (outputPadding >= stride) {
      throw new ShapeMismatchException("has output padding " + outputPadding + " but stride " + stride
          + "; the output padding must be smaller than the stride, as in PyTorch");
    }
    return input.withPerSample(outChannels, outputSize(input.size(2), input), outputSize(input.size(3), input));
  }

  private long outputSize(long in, Shape input) {
    long out = (in - 1) * stride - 2L * padding + kernelSize + outputPadding;
    if (out < 1) {
      throw new ShapeMismatchException("would crop its input " + input + " to nothing with padding " + padding
          + "; use less padding or a larger kernel");
    }
    return out;
  }

  @Override
  public List<ParameterSpec> parameters(Shape input) {
    return kernelParameters(new long[] {inChannels, outChannels, kernelSize, kernelSize}, bias, outChannels);
  }

  @Override
  public void emit(LayerContext ctx) {
    var conv = kernelNode(ctx, "ConvTranspose", bias);
    conv.ints("kernel_shape", kernelSize, kernelSize).ints("strides", stride, stride)
        .ints("pads", padding, padding, padding, padding).ints("output_padding", outputPadding, outputPadding)
        .outputs(ctx.output());
  }
}
