package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;

/** Gradients of the loss operators. */
final class LossGradients {
  private LossGradients() {}

  static void register(GradientRegistry r) {
    r.register("SoftmaxCrossEntropyLoss", LossGradients::softmaxCrossEntropy);
  }

  /**
   * dScores = com.microsoft.SoftmaxCrossEntropyLossGrad(dLoss, log_prob, labels[, weights]) with the same
   * reduction and ignore_index. Needs the forward's log_prob output.
   */
  static void softmaxCrossEntropy(BackwardContext ctx) {
    if (ctx.output(1).isEmpty()) {
      throw new IllegalStateException(ctx.describe() + " has no log_prob output; run TrainingRewrite first");
    }
    GraphBuilder g = ctx.graph();
    GraphBuilder.NodeBuilder n = g.msNode("SoftmaxCrossEntropyLossGrad").attrsFrom(ctx.node());
    if (ctx.input(2).isEmpty()) {
      n.inputs(ctx.outputGradient(0), ctx.output(1), ctx.input(1));
    } else {
      n.inputs(ctx.outputGradient(0), ctx.output(1), ctx.input(1), ctx.input(2));
    }
    ctx.setInputGradient(0, n.outputs(ctx.gradientName(0)).get(0));
  }
}
