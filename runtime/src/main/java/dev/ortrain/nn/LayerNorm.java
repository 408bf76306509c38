package dev.ortrain.nn;

import dev.ortrain.graph.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * Layer normalization over the last dimensions of each sample, {@code normalized_shape} as in PyTorch,
 * with a learned elementwise weight and bias; emitted as ONNX {@code LayerNormalization} (opset 17).
 */
public final class LayerNorm extends WeightedLayer<LayerNorm> {
  private final long[] normalizedShape;
  private float eps = 1e-5f;

  /** Normalizes over the trailing dimensions of these sizes, e.g. {@code new LayerNorm(512)}. */
  public LayerNorm(long... normalizedShape) {
    super(Init.ones(), Init.zeros());
    if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(d -> d < 1)) {
      throw new IllegalArgumentException("LayerNorm needs one or more dimension sizes >= 1, got "
          + Arrays.toString(normalizedShape));
    }
    this.normalizedShape = normalizedShape.clone();
  }

  /** Added to the variance before its square root (default 1e-5). */
  public LayerNorm eps(float value) {
    if (!(value > 0)) {
      throw new IllegalArgumentException("eps must be > 0, got " + value);
    }
    this.eps = value;
    return this;
  }

  @Override
  public String describe() {
    return "LayerNorm " + Arrays.toString(normalizedShape);
  }

  @Override
  public Shape outputShape(Shape input) {
    requireKnownFeatures(input);
    int first = input.rank() - normalizedShape.length;
    boolean matches = first >= 1;
    for (int i = 0; matches && i < normalizedShape.length; i++) {
      matches = input.size(first + i) == normalizedShape[i];
    }
    if (!matches) {
      throw new ShapeMismatchException("normalizes trailing dimensions " + Arrays.toString(normalizedShape)
          + " but gets " + input + "; set normalized_shape to the last dimensions of the input (after the batch)");
    }
    return input;
  }

  @Override
  public List<ParameterSpec> parameters(Shape input) {
    Shape shape = Shape.of(normalizedShape);
    return List.of(
        ParameterSpec.trainable("weight", shape, weightInit(), null),
        ParameterSpec.trainable("bias", shape, biasInit(), null));
  }

  @Override
  public void emit(LayerContext ctx) {
    long axis = ctx.inputShape().rank() - normalizedShape.length;
    ctx.node("LayerNormalization")
        .inputs(ctx.input(), ctx.parameter("weight"), ctx.parameter("bias"))
        .attr("axis", axis)
        .attr("epsilon", eps)
        .outputs(ctx.output());
  }
}
