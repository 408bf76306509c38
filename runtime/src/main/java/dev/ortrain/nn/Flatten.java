package dev.ortrain.nn;

import dev.ortrain.graph.Shape;

/** Flattens every dimension after the batch: {@code [batch, C, H, W]} to {@code [batch, C·H·W]}. */
public final class Flatten extends AbstractLayer<Flatten> {

  @Override
  public String describe() {
    return "Flatten";
  }

  @Override
  public Shape outputShape(Shape input) {
    requireKnownFeatures(input);
    return input.withPerSample(input.elementCount(1));
  }

  @Override
  public void emit(LayerContext ctx) {
    ctx.node("Flatten").inputs(ctx.input()).attr("axis", 1L).outputs(ctx.output());
  }
}
