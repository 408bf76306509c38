package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;

/** Gradients of operators that only rearrange elements. */
final class ShapeGradients {
  private ShapeGradients() {}

  static void register(GradientRegistry r) {
    r.register("Flatten", ShapeGradients::reshapeBack);
    r.register("Reshape", ShapeGradients::reshapeBack);
  }

  /** dX = Reshape(dY, Shape(X)). */
  static void reshapeBack(BackwardContext ctx) {
    GraphBuilder g = ctx.graph();
    String x = ctx.input(0);
    String shape = g.node("Shape").inputs(x).output(x + "_shape");
    ctx.setInputGradient(0,
        g.node("Reshape").inputs(ctx.outputGradient(0), shape).outputs(ctx.gradientName(0)).get(0));
  }
}
