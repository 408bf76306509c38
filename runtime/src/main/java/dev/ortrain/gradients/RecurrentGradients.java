package dev.ortrain.gradients;

import dev.ortrain.graph.Domains;
import dev.ortrain.graph.GraphBuilder;

/**
 * Gradients of LSTM and GRU through ONNX Runtime's CPU kernels {@code LSTMGrad} and {@code GRUGrad}, which
 * read the intermediate values the training forms ({@link RecurrentRewrite}) output. The kernels always
 * write dW and dR, so those get scratch names when nothing upstream needs them; the other outputs are
 * omitted when not needed. An output nobody differentiates (Y, Y_h or Y_c unused) passes an omitted
 * gradient input, which the kernels read as zeros.
 */
final class RecurrentGradients {
  private RecurrentGradients() {}

  static void register(GradientRegistry r) {
    r.register(Domains.MICROSOFT, "LSTMTraining", RecurrentGradients::lstm);
    r.register(Domains.MICROSOFT, "GRUTraining", RecurrentGradients::gru);
    // Reported as differentiable (the importer checks the forward graph), differentiated in training form.
    r.register("LSTM", RecurrentGradients::notRewritten);
    r.register("GRU", RecurrentGradients::notRewritten);
    r.register(UnrolledLstmGradient.DOMAIN, UnrolledLstmGradient.OP_TYPE, UnrolledLstmGradient::backward);
    r.register(UnrolledGruGradient.DOMAIN, UnrolledGruGradient.OP_TYPE, UnrolledGruGradient::backward);
  }

  /**
   * dX, dW, dR, dB, d(initial_h), d(initial_c) = com.microsoft.LSTMGrad(X, W, R, sequence_lens,
   * initial_h, initial_c, Y, all cell states, gates, dY, dY_h, dY_c) of
   * {@code LSTMTraining(X, W, R, B, sequence_lens, initial_h, initial_c, P) → Y, Y_h, Y_c, all cell states,
   * gates}: the gate activations already hold B's contribution, so LSTMGrad does not take B.
   */
  static void lstm(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String[] grads = {ctx.gradientName(0), ctx.gradientOrScratchName(1), ctx.gradientOrScratchName(2),
        ctx.gradientName(3), ctx.gradientName(5), ctx.gradientName(6)};
    g.msNode("LSTMGrad")
        .inputs(ctx.input(0), ctx.input(1), ctx.input(2), ctx.input(4), ctx.input(5), ctx.input(6),
            ctx.output(0), ctx.output(3), ctx.output(4), orOmitted(ctx.outputGradient(0)),
            orOmitted(ctx.outputGradient(1)), orOmitted(ctx.outputGradient(2)))
        .attrsFrom(ctx.node())
        .outputs(grads);
    int[] inputs = {0, 1, 2, 3, 5, 6};
    for (int i = 0; i < inputs.length; i++) {
      ctx.setInputGradient(inputs[i], grads[i]);
    }
  }

  /**
   * dX, dW, dR, dB, d(initial_h) = com.microsoft.GRUGrad(X, W, R, B, sequence_lens, initial_h, Y, gates, dY,
   * dY_h) of {@code GRUTraining(X, W, R, B, sequence_lens, initial_h) → Y, Y_h, gates}.
   */
  static void gru(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String[] grads = {ctx.gradientName(0), ctx.gradientOrScratchName(1), ctx.gradientOrScratchName(2),
        ctx.gradientName(3), ctx.gradientName(5)};
    g.msNode("GRUGrad")
        .inputs(ctx.input(0), ctx.input(1), ctx.input(2), ctx.input(3), ctx.input(4), ctx.input(5),
            ctx.output(0), ctx.output(2), orOmitted(ctx.outputGradient(0)), orOmitted(ctx.outputGradient(1)))
        .attrsFrom(ctx.node())
        .outputs(grads);
    int[] inputs = {0, 1, 2, 3, 5};
    for (int i = 0; i < inputs.length; i++) {
      ctx.setInputGradient(inputs[i], grads[i]);
    }
  }

  /** Plain LSTM and GRU nodes never reach the gradient builder: TrainingRewrite replaces them first. */
  static void notRewritten(BackwardContext ctx) {
    throw new IllegalStateException(ctx.describe() + " is in inference form; run TrainingRewrite first, which"
        + " turns it into com.microsoft::" + ctx.node().getOpType() + "Training");
  }

  private static String orOmitted(String gradient) {
    return gradient == null ? "" : gradient;
  }
}
