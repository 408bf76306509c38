package dev.ortrain.nn;

/** {@code y = max(0, x)}, emitted as ONNX {@code Relu}. */
public final class ReLU extends ElementwiseLayer<ReLU> {

  @Override
  public String describe() {
    return "ReLU";
  }

  @Override
  public void emit(LayerContext ctx) {
    ctx.node("Relu").inputs(ctx.input()).outputs(ctx.output());
  }
}
