package dev.ortrain.nn;

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
}
