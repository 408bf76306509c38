package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.TensorType;

/** Gradients of broadcasting element-wise arithmetic. */
final class ElementwiseGradients {
  private ElementwiseGradients() {}

  static void register(GradientRegistry r) {
    r.register("Add", ctx -> addSub(ctx, false));
    r.register("Sub", ctx -> addSub(ctx, true));
    r.register("Identity", ctx -> ctx.setInputGradient(0, ctx.outputGradient(0)));
  }

  static void addSub(BackwardContext ctx, boolean subtract) {
    GraphBuilder g = ctx.graph();
    String dY = ctx.outputGradient(0);
    TensorType yType = ctx.typeOf(ctx.output(0));
    if (ctx.needsGradient(0)) {
      ctx.setInputGradient(0, Unbroadcast.reduce(ctx, dY, yType, ctx.typeOf(ctx.input(0)), ctx.gradientName(0)));
    }
    if (ctx.needsGradient(1)) {
      String d = dY;
      if (subtract) {
        d = g.node("Neg").inputs(dY).output(dY + "_neg");
      }
      ctx.setInputGradient(1, Unbroadcast.reduce(ctx, d, yType, ctx.typeOf(ctx.input(1)), ctx.gradientName(1)));
    }
  }
}
