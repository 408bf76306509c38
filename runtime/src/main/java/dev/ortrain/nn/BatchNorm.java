package dev.ortrain.nn;

import dev.ortrain.graph.Shape;
import java.util.List;

/**
 * Batch normalization over the channel axis (axis 1), emitted in ONNX's inference form
 * {@code BatchNormalization(X, weight, bias, running_mean, running_var)}. The weight and bias train; the
 * running statistics are frozen parameters, which the training graph updates itself (batch statistics in
 * training, running ones in evaluation, as PyTorch).
 *
 * <p>{@code momentum} follows PyTorch: the weight of the new batch in the running average (default 0.1). ONNX
 * defines it the other way round, so the attribute written is 1 − momentum.
 */
public abstract class BatchNorm<S extends BatchNorm<S>> extends WeightedLayer<S> {
  private final long numFeatures;
  private float eps = 1e-5f;
  private float momentum = 0.1f;

  protected BatchNorm(long numFeatures) {
    super(Init.ones(), Init.zeros());
    if (numFeatures < 1) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " needs num_features >= 1, got "
          + numFeatures);
    }
    this.numFeatures = numFeatures;
  }

  /** Added to the variance before its square root (default 1e-5). */
  public S eps(float value) {
    if (!(value > 0)) {
      throw new IllegalArgumentException("eps must be > 0, got " + value);
    }
    this.eps = value;
    return self();
  }

  /** PyTorch's momentum: the weight of each new batch in the running statistics (default 0.1). */
  public S momentum(float value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1], got " + value);
    }
    this.momentum = value;
    return self();
  }

  protected long numFeatures() {
    return numFeatures;
  }

  /** Checks the rank and channel count; {@code expected} spells the accepted shapes for the message. */
  protected void requireChannels(Shape input, boolean rankAccepted, String expected) {
    if (!rankAccepted) {
      throw new ShapeMismatchException("expects input " + expected + " but gets " + input + "; "
          + (input.rank() == 4 ? "use BatchNorm2d" : "use BatchNorm1d") + " for inputs of rank " + input.rank());
    }
    requireKnownFeatures(input);
    if (input.size(1) != numFeatures) {
      throw new ShapeMismatchException("expects input " + expected + " but gets " + input
          + "; set num_features to " + input.size(1));
    }
  }

  @Override
  public String describe() {
    return getClass().getSimpleName() + " " + numFeatures;
  }

  @Override
  public List<ParameterSpec> parameters(Shape input) {
    Shape perChannel = Shape.of(numFeatures);
    return List.of(
        ParameterSpec.trainable("weight", perChannel, weightInit(), null),
        ParameterSpec.trainable("bias", perChannel, biasInit(), null),
        ParameterSpec.statistic("running_mean", perChannel, Init.zeros()),
        ParameterSpec.statistic("running_var", perChannel, Init.ones()));
  }

  @Override
  public void emit(LayerContext ctx) {
    ctx.node("BatchNormalization")
        .inputs(ctx.input(), ctx.parameter("weight"), ctx.parameter("bias"), ctx.parameter("running_mean"),
            ctx.parameter("running_var"))
        .attr("epsilon", eps)
        .attr("momentum", 1 - momentum)
        .outputs(ctx.output());
  }
}
