package dev.ortrain.nn;

import dev.ortrain.graph.Shape;

/**
 * Naming, freezing and shape checks shared by the layers. The type parameter lets the fluent setters of
 * a subclass return that subclass, so {@code new Linear(4, 2).named("fc").weightInit(...)} compiles.
 */
public abstract class AbstractLayer<S extends AbstractLayer<S>> implements Layer {
  private String name;
  private boolean frozen;

  /** Names the layer: its parameters become {@code <name>.weight} instead of {@code <position>.weight}. */
  public S named(String layerName) {
    if (layerName == null || layerName.isEmpty() || layerName.contains(".")) {
      throw new IllegalArgumentException("A layer name must be non-empty and contain no '.' (it separates the"
          + " parts of parameter names), got '" + layerName + "'");
    }
    this.name = layerName;
    return self();
  }

  /** Excludes this layer's parameters from training; they are kept as frozen parameters. */
  public S freeze() {
    this.frozen = true;
    return self();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean isFrozen() {
    return frozen;
  }

  @Override
  public String toString() {
    return describe();
  }

  @SuppressWarnings("unchecked")
  protected final S self() {
    return (S) this;
  }

  /** Checks that every dimension but the batch is known, since layers size their parameters from them. */
  protected static void requireKnownFeatures(Shape input) {
    for (int i = 1; i < input.rank(); i++) {
      if (!input.isKnown(i)) {
        throw new ShapeMismatchException("needs every dimension after the batch to be known but gets " + input
            + "; give the model input a fixed size there");
      }
    }
  }

  /** Checks the input rank; {@code expected} describes the wanted shape, {@code hint} how to get there. */
  protected static void requireRank(Shape input, int rank, String expected, String hint) {
    if (input.rank() != rank) {
      throw new ShapeMismatchException("expects input " + expected + " but gets " + input + "; " + hint);
    }
    requireKnownFeatures(input);
  }
}
