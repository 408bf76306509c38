package dev.ortrain.nn;

/**
 * Max pooling over {@code [batch, C, H, W]}, emitted as ONNX {@code MaxPool} without its indices output;
 * the training rewrite adds the indices that the gradient needs. Padding counts as -∞.
 */
public final class MaxPool2d extends Pool2d<MaxPool2d> {

  /** A square kernel; the stride defaults to the kernel size. */
  public MaxPool2d(int kernelSize) {
    this(kernelSize, kernelSize);
  }

  public MaxPool2d(int kernelHeight, int kernelWidth) {
    super(kernelHeight, kernelWidth);
  }

  @Override
  public String describe() {
    return "MaxPool2d " + window().describe(true);
  }

  @Override
  public void emit(LayerContext ctx) {
    var pool = ctx.node("MaxPool").inputs(ctx.input());
    window().addAttributes(pool, false);
    pool.outputs(ctx.output());
  }
}
