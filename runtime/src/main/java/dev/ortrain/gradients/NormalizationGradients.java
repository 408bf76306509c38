package dev.ortrain.gradients;

import dev.ortrain.graph.Domains;

/**
 * Gradients of batch and layer normalization. Both kernels always write all three outputs, so gradients
 * nobody needs get scratch names.
 */
final class NormalizationGradients {
  private NormalizationGradients() {}

  static void register(GradientRegistry r) {
    r.register(Domains.MICROSOFT, "BatchNormInternal", NormalizationGradients::batchNorm);
    r.register("LayerNormalization", NormalizationGradients::layerNorm);
  }

  /**
   * dX, dScale, dB = com.microsoft.BatchNormalizationGrad(dY, X, scale, batch_mean, batch_inv_std) of the
   * training-mode node {@link BatchNormRewrite} writes.
   */
  static void batchNorm(BackwardContext ctx) {
    String[] grads = {ctx.gradientOrScratchName(0), ctx.gradientOrScratchName(1), ctx.gradientOrScratchName(2)};
    ctx.graph().msNode("BatchNormalizationGrad")
        .inputs(ctx.outputGradient(0), ctx.input(0), ctx.input(1), ctx.output(3), ctx.output(4))
        .attr("epsilon", ctx.floatAttr("epsilon", 1e-5f))
        .outputs(grads);
    for (int i = 0; i < 3; i++) {
      ctx.setInputGradient(i, grads[i]);
    }
  }

  /** dX, dScale, dB = com.microsoft.LayerNormalizationGrad(dY, X, scale, Mean, InvStdDev). */
  static void layerNorm(BackwardContext ctx) {
    if (ctx.output(2).isEmpty()) {
      throw new IllegalStateException(ctx.describe() + " has no Mean/InvStdDev outputs; run TrainingRewrite first");
    }
    String[] grads = {ctx.gradientOrScratchName(0), ctx.gradientOrScratchName(1), ctx.gradientOrScratchName(2)};
    ctx.graph().msNode("LayerNormalizationGrad")
        .inputs(ctx.outputGradient(0), ctx.input(0), ctx.input(1), ctx.output(1), ctx.output(2))
        .attr("axis", ctx.intAttr("axis", -1))
        .outputs(grads);
    for (int i = 0; i < 3; i++) {
      ctx.setInputGradient(i, grads[i]);
    }
  }
}
