package dev.ortrain.gradients;

import dev.ortrain.graph.Domains;

/** Gradients of activation functions, through ONNX Runtime's fused *Grad kernels. */
final class ActivationGradients {
  private ActivationGradients() {}

  static void register(GradientRegistry r) {
    r.register("Relu", ctx -> ctx.setInputGradient(0,
        ctx.graph().msNode("ReluGrad").inputs(ctx.outputGradient(0), ctx.output(0))
            .outputs(ctx.gradientName(0)).get(0)));
  }

  static boolean isMicrosoft(String domain) {
    return Domains.MICROSOFT.equals(domain);
  }
}
