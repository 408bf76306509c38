package dev.ortrain.nn;

/**
 * The exact (erf) GELU, {@code y = x·Φ(x)}, as PyTorch's default. ONNX has Gelu only from opset 20, so it
 * is emitted as ONNX Runtime's {@code com.microsoft.Gelu}, which has a gradient kernel.
 */
public final class GELU extends ElementwiseLayer<GELU> {

  @Override
  public String describe() {
    return "GELU";
  }

  @Override
  public void emit(LayerContext ctx) {
    ctx.msNode("Gelu").inputs(ctx.input()).outputs(ctx.output());
  }
}
