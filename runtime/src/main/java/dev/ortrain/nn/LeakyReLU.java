package dev.ortrain.nn;

/** {@code y = x} for x ≥ 0, else {@code slope·x}; emitted as ONNX {@code LeakyRelu}. */
public final class LeakyReLU extends ElementwiseLayer<LeakyReLU> {
  private final float negativeSlope;

  /** PyTorch's default slope, 0.01. */
  public LeakyReLU() {
    this(0.01f);
  }

  public LeakyReLU(float negativeSlope) {
    if (!Float.isFinite(negativeSlope)) {
      throw new IllegalArgumentException("LeakyReLU needs a finite negative slope, got " + negativeSlope);
    }
    this.negativeSlope = negativeSlope;
  }

  @Override
  public String describe() {
    return "LeakyReLU " + negativeSlope;
  }

  @Override
  public void emit(LayerContext ctx) {
    ctx.node("LeakyRelu").inputs(ctx.input()).attr("alpha", negativeSlope).outputs(ctx.output());
  }
}
