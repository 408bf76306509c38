package dev.ortrain.nn;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers applied one after the other; itself a layer, so models nest. Parameters are named as in PyTorch:
 * by position ({@code 0.weight}) or by the layer's name ({@code fc1.weight}), nested ones with their path
 * ({@code block.1.weight}).
 *
 * <pre>{@code
 * Sequential model = Sequential.of(
 *     new Conv2d(1, 32, 3).padding(1), new ReLU(), new MaxPool2d(2),
 *     new Flatten(), new Linear(32 * 14 * 14, 10));
 * ForwardModel forward = model.build(Shape.batched(1, 28, 28), 42L);
 * }</pre>
 */
public final class Sequential extends AbstractLayer<Sequential> {
  private final List<Layer> layers;

  private Sequential(List<Layer> layers) {
    this.layers = layers;
  }

  public static Sequential of(Layer... layers) {
    if (layers.length == 0) {
      throw new IllegalArgumentException("A Sequential needs at least one layer");
    }
    for (int i = 0; i < layers.length; i++) {
      if (layers[i] == null) {
        throw new IllegalArgumentException("Layer " + i + " of the Sequential is null");
      }
    }
    return new Sequential(List.copyOf(Arrays.asList(layers)));
  }

  public List<Layer> layers() {
    return layers;
  }

  /**
   * The inference graph of this model with freshly initialized parameters.
   *
   * @param input the shape of one input batch, usually with a symbolic batch: {@code Shape.batched(1, 28, 28)}
   * @param seed initialization seed; the same seed gives the same parameters, byte for byte
   * @throws ShapeMismatchException naming the first layer that cannot take its input
   */
  public ForwardModel build(Shape input, long seed) {
    return ForwardModelAssembler.assemble(this, input, seed);
  }

  /** A table of the layers with their output shapes and parameter counts, as Keras' model.summary(). */
  public String summary(Shape input) {
    return ModelSummary.of(this, input);
  }

  @Override
  public String describe() {
    return "Sequential of " + layers.size() + (layers.size() == 1 ? " layer" : " layers");
  }

  @Override
  public Shape outputShape(Shape input) {
    Shape shape = input;
    List<String> names = localNames();
    for (int i = 0; i < layers.size(); i++) {
      shape = outputOf(i, names.get(i), shape);
    }
    return shape;
  }

  @Override
  public List<ParameterSpec> parameters(Shape input) {
    List<ParameterSpec> all = new ArrayList<>();
    Shape shape = input;
    List<String> names = localNames();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      Shape output = outputOf(i, names.get(i), shape);
      for (ParameterSpec p : layer.parameters(shape)) {
        ParameterSpec named = p.inside(names.get(i));
        all.add(layer.isFrozen() ? named.frozen() : named);
      }
      shape = output;
    }
    return all;
  }

  @Override
  public void emit(LayerContext ctx) {
    String value = ctx.input();
    Shape shape = ctx.inputShape();
    List<String> names = localNames();
    for (int i = 0; i < layers.size(); i++) {
      Shape outputShape = outputOf(i, names.get(i), shape);
      boolean last = i == layers.size() - 1;
      String output = last ? ctx.output() : ctx.freshName(names.get(i) + ".output");
      layers.get(i).emit(ctx.child(names.get(i), value, shape, output, outputShape));
      if (!last) {
        // The gradient builder needs every intermediate shape (MaxPoolGrad reads its input's).
        ctx.graph().valueType(output, TensorType.floats(outputShape));
      }
      value = output;
      shape = outputShape;
    }
  }

  /** Calls {@code visitor} for every non-Sequential layer, depth first, with its path and shapes. */
  void visitLayers(Shape input, String scope, boolean frozen, LayerVisitor visitor) {
    Shape shape = input;
    List<String> names = localNames();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      String path = scope.isEmpty() ? names.get(i) : scope + "." + names.get(i);
      Shape output = outputOf(i, names.get(i), shape);
      if (layer instanceof Sequential nested) {
        nested.visitLayers(shape, path, frozen || nested.isFrozen(), visitor);
      } else {
        visitor.visit(path, layer, frozen || layer.isFrozen(), shape, output);
      }
      shape = output;
    }
  }

  /** Receives each layer of a model with where it sits and what it maps. */
  @FunctionalInterface
  interface LayerVisitor {
    void visit(String path, Layer layer, boolean frozen, Shape input, Shape output);
  }

  private Shape outputOf(int index, String localName, Shape input) {
    Layer layer = layers.get(index);
    try {
      return layer.outputShape(input);
    } catch (ShapeMismatchException e) {
      throw e.inside(localName, layer);
    }
  }

  /** Each layer's name, or its position when unnamed; names must be unique within this Sequential. */
  List<String> localNames() {
    List<String> names = new ArrayList<>();
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      String name = layers.get(i).name() != null ? layers.get(i).name() : Integer.toString(i);
      Integer earlier = positions.put(name, i);
      if (earlier != null) {
        throw new IllegalArgumentException("Layers " + earlier + " and " + i + " of the Sequential are both"
            + " called '" + name + "'; give each layer its own name (unnamed layers are called by position)");
      }
      names.add(name);
    }
    return names;
  }

  /** The layers, one per line, as PyTorch prints a module. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Sequential(\n");
    List<String> names = localNames();
    for (int i = 0; i < layers.size(); i++) {
      String inner = layers.get(i).toString().replace("\n", "\n  ");
      b.append("  (").append(names.get(i)).append("): ").append(inner)
          .append(layers.get(i).isFrozen() ? " [frozen]" : "").append('\n');
    }
    return b.append(')').toString();
  }
}
