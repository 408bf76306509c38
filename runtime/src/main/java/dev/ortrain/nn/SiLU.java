package dev.ortrain.nn;

/** The sigmoid-weighted linear unit {@code y = x·σ(x)} (swish), as PyTorch's {@code nn.SiLU}. */
public final class SiLU extends ElementwiseLayer<SiLU> {

  @Override
  public String describe() {
    return "SiLU";
  }

  @Override
  public void emit(LayerContext ctx) {
    String sigmoid = ctx.node("Sigmoid").inputs(ctx.input()).output(ctx.freshName("sigmoid"));
    ctx.graph().valueType(sigmoid, dev.ortrain.graph.TensorType.floats(ctx.inputShape()));
    ctx.node("Mul").inputs(ctx.input(), sigmoid).outputs(ctx.output());
  }
}
