package dev.ortrain.nn;

/**
 * Average pooling over {@code [batch, C, H, W]}, emitted as ONNX {@code AveragePool}. As in PyTorch,
 * padded cells count in the divisor by default ({@code count_include_pad=True}); ONNX's default is the
 * opposite, so the attribute is always written.
 *
 * <p>ONNX Runtime's AveragePool gradient needs a fixed batch size: build models with this layer from a
 * fully known input shape such as {@code Shape.of(32, 3, 32, 32)} if they are to be trained.
 */
public final class AvgPool2d extends Pool2d<AvgPool2d> {
  private boolean countIncludePad = true;

  /** A square kernel; the stride defaults to the kernel size. */
  public AvgPool2d(int kernelSize) {
    this(kernelSize, kernelSize);
  }

  public AvgPool2d(int kernelHeight, int kernelWidth) {
    super(kernelHeight, kernelWidth);
  }

  /** Whether padded cells count in the divisor (default true, as PyTorch). */
  public AvgPool2d countIncludePad(boolean include) {
    this.countIncludePad = include;
    return this;
  }

  @Override
  public String describe() {
    return "AvgPool2d " + window().describe(true)
        + (countIncludePad || window().padding().isZero() ? "" : " excluding padding");
  }

  @Override
  public void emit(LayerContext ctx) {
    var pool = ctx.node("AveragePool").inputs(ctx.input());
    window().addAttributes(pool, false);
    pool.attr("count_include_pad", countIncludePad ? 1L : 0L).outputs(ctx.output());
  }
}
