package dev.ortrain.nn;

/** {@code y = 1 / (1 + e^-x)}, emitted as ONNX {@code Sigmoid}. */
public final class Sigmoid extends ElementwiseLayer<Sigmoid> {

  @Override
  public String describe() {
    return "Sigmoid";
  }

  @Override
  public void emit(LayerContext ctx) {
    ctx.node("Sigmoid").inputs(ctx.input()).outputs(ctx.output());
  }
}
