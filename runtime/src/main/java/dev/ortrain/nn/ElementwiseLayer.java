package dev.ortrain.nn;

import dev.ortrain.graph.Shape;

/** A layer without parameters whose output has its input's shape (activations, dropout). */
public abstract class ElementwiseLayer<S extends ElementwiseLayer<S>> extends AbstractLayer<S> {

  @Override
  public Shape outputShape(Shape input) {
    return input;
  }
}
