package dev.ortrain.nn;

import dev.ortrain.graph.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A fully connected layer, {@code y = x·Wᵀ + b} with W of shape {@code [out, in]} as in PyTorch, emitted as
 * ONNX {@code Gemm(transB=1)}. Takes {@code [batch, in_features]}; put a {@link Flatten} before it for
 * images.
 */
public final class Linear extends WeightedLayer<Linear> {
  private final long inFeatures;
  private final long outFeatures;
  private boolean bias = true;

  public Linear(long inFeatures, long outFeatures) {
    super(Init.pytorchWeight(), Init.pytorchBias());
    if (inFeatures < 1 || outFeatures < 1) {
      throw new IllegalArgumentException("Linear needs in_features and out_features >= 1, got " + inFeatures
          + " and " + outFeatures);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
  }

  /** Whether the layer adds a bias (default true). */
  public Linear bias(boolean enabled) {
    this.bias = enabled;
    return this;
  }

  @Override
  public String describe() {
    return "Linear " + inFeatures + "->" + outFeatures + (bias ? "" : " no bias");
  }

  @Override
  public Shape outputShape(Shape input) {
    String expected = input.withPerSample(inFeatures).toString();
    requireRank(input, 2, expected, "add a Flatten before it");
    if (input.size(1) != inFeatures) {
      throw new ShapeMismatchException("expects input " + expected + " but gets " + input
          + "; set in_features to " + input.size(1));
    }
    return input.withPerSample(outFeatures);
  }

  @Override
  public List<ParameterSpec> parameters(Shape input) {
    Fan fan = Fan.ofWeight(outFeatures, inFeatures);
    List<ParameterSpec> params = new ArrayList<>();
    params.add(ParameterSpec.trainable("weight", Shape.of(outFeatures, inFeatures), weightInit(), fan));
    if (bias) {
      params.add(ParameterSpec.trainable("bias", Shape.of(outFeatures), biasInit(), fan));
    }
    return params;
  }

  @Override
  public void emit(LayerContext ctx) {
    var gemm = ctx.node("Gemm").inputs(ctx.input(), ctx.parameter("weight"));
    if (bias) {
      gemm.inputs(ctx.parameter("bias"));
    }
    gemm.attr("transB", 1L).outputs(ctx.output());
  }
}
