package dev.ortrain.nn;

import dev.ortrain.graph.Shape;
import java.util.Objects;

/**
 * A parameter a layer needs: its name, static shape and initializer.
 *
 * @param name relative to the layer ("weight") until an enclosing Sequential prefixes it ("0.weight")
 * @param shape fully known
 * @param init how its values are drawn
 * @param fan what scales fan-based inits; null for parameters without one (normalization scale and shift)
 * @param trainable false for a frozen layer's parameters and for running statistics, which the optimizer
 *     must not update
 */
public record ParameterSpec(String name, Shape shape, Init init, Fan fan, boolean trainable) {

  public ParameterSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(init, "init");
    if (!shape.isStatic()) {
      throw new IllegalArgumentException("Parameter '" + name + "' needs a fully known shape, got " + shape);
    }
  }

  public static ParameterSpec trainable(String name, Shape shape, Init init, Fan fan) {
    return new ParameterSpec(name, shape, init, fan, true);
  }

  /** A value kept with the model but never trained, such as a batch-norm running mean. */
  public static ParameterSpec statistic(String name, Shape shape, Init init) {
    return new ParameterSpec(name, shape, init, null, false);
  }

  /** The same parameter inside the layer called {@code scope}. */
  public ParameterSpec inside(String scope) {
    return new ParameterSpec(scope + "." + name, shape, init, fan, trainable);
  }

  public ParameterSpec frozen() {
    return new ParameterSpec(name, shape, init, fan, false);
  }

  public long elementCount() {
    return shape.elementCount();
  }
}
