package dev.ortrain.nn;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A layer with a weight and a bias whose initialization the user may override. */
public abstract class WeightedLayer<S extends WeightedLayer<S>> extends AbstractLayer<S> {
  private Init weightInit;
  private Init biasInit;

  protected WeightedLayer(Init defaultWeightInit, Init defaultBiasInit) {
    this.weightInit = defaultWeightInit;
    this.biasInit = defaultBiasInit;
  }

  /** Replaces the default initialization of the weight. */
  public S weightInit(Init init) {
    this.weightInit = Objects.requireNonNull(init, "init");
    return self();
  }

  /** Replaces the default initialization of the bias. */
  public S biasInit(Init init) {
    this.biasInit = Objects.requireNonNull(init, "init");
    return self();
  }

  protected Init weightInit() {
    return weightInit;
  }

  protected Init biasInit() {
    return biasInit;
  }

  /**
   * A convolution's parameters: its weight of {@code weightDims} and, when {@code withBias}, a bias per output
   * channel; both draw from the weight's fan, as PyTorch initializes them.
   */
  protected List<ParameterSpec> kernelParameters(long[] weightDims, boolean withBias, long outChannels) {
    Fan fan = Fan.ofWeight(weightDims);
    List<ParameterSpec> params = new ArrayList<>();
    params.add(ParameterSpec.trainable("weight", Shape.of(weightDims), weightInit, fan));
    if (withBias) {
      params.add(ParameterSpec.trainable("bias", Shape.of(outChannels), biasInit, fan));
    }
    return params;
  }

  /** A node of {@code opType} reading the layer's input, its weight and, when {@code withBias}, its bias. */
  protected static GraphBuilder.NodeBuilder kernelNode(LayerContext ctx, String opType, boolean withBias) {
    GraphBuilder.NodeBuilder node = ctx.node(opType).inputs(ctx.input(), ctx.parameter("weight"));
    if (withBias) {
      node.inputs(ctx.parameter("bias"));
    }
    return node;
  }
}
