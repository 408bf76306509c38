package dev.ortrain.nn;

import dev.ortrain.graph.Shape;

/**
 * Average pooling to a fixed output size, as PyTorch's {@code AdaptiveAvgPool2d}: to 1x1 (a ResNet's global
 * average pool) it is ONNX {@code GlobalAveragePool}; to a larger size the input must divide into it, and
 * the windows are then equal ({@code AveragePool} with kernel = stride = input / output).
 */
public final class AdaptiveAvgPool2d extends AbstractLayer<AdaptiveAvgPool2d> {
  private final int outHeight;
  private final int outWidth;

  /** A square output, e.g. {@code new AdaptiveAvgPool2d(1)} for global average pooling. */
  public AdaptiveAvgPool2d(int outputSize) {
    this(outputSize, outputSize);
  }

  public AdaptiveAvgPool2d(int outHeight, int outWidth) {
    if (outHeight < 1 || outWidth < 1) {
      throw new IllegalArgumentException("AdaptiveAvgPool2d needs an output size >= 1, got " + outHeight + "x"
          + outWidth);
    }
    this.outHeight = outHeight;
    this.outWidth = outWidth;
  }

  @Override
  public String describe() {
    return "AdaptiveAvgPool2d " + outHeight + "x" + outWidth;
  }

  @Override
  public Shape outputShape(Shape input) {
    requireRank(input, 4, "[batch, channels, height, width]",
        "AdaptiveAvgPool2d takes images as [batch, channels, height, width]");
    if (input.size(2) % outHeight != 0 || input.size(3) % outWidth != 0) {
      throw new ShapeMismatchException("pools " + input + " to " + outHeight + "x" + outWidth + ", which needs"
          + " the height and width divisible by the output's; choose an output size that divides "
          + input.size(2) + "x" + input.size(3) + " (1 always does)");
    }
    return input.withPerSample(input.size(1), outHeight, outWidth);
  }

  @Override
  public void emit(LayerContext ctx) {
    if (outHeight == 1 && outWidth == 1) {
      ctx.node("GlobalAveragePool").inputs(ctx.input()).outputs(ctx.output());
      return;
    }
    long kernelH = ctx.inputShape().size(2) / outHeight;
    long kernelW = ctx.inputShape().size(3) / outWidth;
    ctx.node("AveragePool").inputs(ctx.input())
        .ints("kernel_shape", kernelH, kernelW)
        .ints("strides", kernelH, kernelW)
        .outputs(ctx.output());
  }
}
