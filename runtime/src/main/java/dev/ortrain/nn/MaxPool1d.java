package dev.ortrain.nn;

import dev.ortrain.graph.Shape;

/**
 * Max pooling over {@code [batch, channels, length]}, as PyTorch's {@code nn.MaxPool1d} (the stride defaults
 * to the kernel), emitted as ONNX {@code MaxPool}.
 */
public final class MaxPool1d extends AbstractLayer<MaxPool1d> {
  private final int kernelSize;
  private int stride;

  public MaxPool1d(int kernelSize) {
    this.kernelSize = Window1d.atLeast(1, "kernel size", kernelSize);
    this.stride = kernelSize;
  }

  public MaxPool1d stride(int steps) {
    this.stride = Window1d.atLeast(1, "stride", steps);
    return this;
  }

  private Window1d window() {
    return new Window1d(kernelSize, stride, 0, 1);
  }

  @Override
  public String describe() {
    return "MaxPool1d " + window().describe(kernelSize);
  }

  @Override
  public Shape outputShape(Shape input) {
    requireRank(input, 3, "[batch, channels, length]", "MaxPool1d takes sequences as [batch, channels, length]");
    return input.withPerSample(input.size(1), window().outputLength(input));
  }

  @Override
  public void emit(LayerContext ctx) {
    var pool = ctx.node("MaxPool").inputs(ctx.input());
    window().addAttributes(pool);
    pool.outputs(ctx.output());
  }
}
