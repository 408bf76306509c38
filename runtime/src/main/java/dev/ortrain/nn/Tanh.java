package dev.ortrain.nn;

/** {@code y = tanh(x)}, emitted as ONNX {@code Tanh}. */
public final class Tanh extends ElementwiseLayer<Tanh> {

  @Override
  public String describe() {
    return "Tanh";
  }

  @Override
  public void emit(LayerContext ctx) {
    ctx.node("Tanh").inputs(ctx.input()).outputs(ctx.output());
  }
}
