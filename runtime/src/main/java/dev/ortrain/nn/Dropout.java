package dev.ortrain.nn;

import dev.ortrain.graph.Tensors;

/**
 * Zeroes each element with probability p during training and scales the rest by 1/(1−p). Emitted in
 * ONNX's inference form, {@code Dropout(X, ratio)} without training_mode, which is the identity; the
 * training rewrite turns it into a masked multiplication in the training graph only.
 */
public final class Dropout extends ElementwiseLayer<Dropout> {
  private final float p;

  /** PyTorch's default, p = 0.5. */
  public Dropout() {
    this(0.5f);
  }

  public Dropout(float p) {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("Dropout needs 0 <= p < 1, got " + p);
    }
    this.p = p;
  }

  @Override
  public String describe() {
    return "Dropout p=" + p;
  }

  @Override
  public void emit(LayerContext ctx) {
    // The ratio is a graph constant, not a parameter: it is neither trained nor saved in the checkpoint.
    String ratio = ctx.graph().initializer(Tensors.floats(ctx.freshName("ratio"), new long[0], p));
    ctx.node("Dropout").inputs(ctx.input(), ratio).outputs(ctx.output());
  }
}
