package dev.ortrain.nn;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import java.util.List;

/**
 * One step of a model: it infers its output shape, declares its parameters and adds its ONNX nodes. Layers
 * are configured before a model is built and are not changed by building; most extend {@link AbstractLayer}.
 */
public interface Layer {

  /** A short description for messages and summaries, e.g. {@code Linear 784->128}. */
  String describe();

  /** The name given with {@code named(...)}, or null: the layer is then named by its position. */
  String name();

  /** Whether the layer's parameters are excluded from training (they become frozen parameters). */
  boolean isFrozen();

  /**
   * The output shape for an input of the given shape.
   *
   * @throws ShapeMismatchException when the input does not fit the layer; the message says what the layer
   *     expects and how to fix the model, and the enclosing {@link Sequential} adds the layer's position
   */
  Shape outputShape(Shape input);

  /** The parameters for an input of the given shape, named relative to the layer ("weight", "bias"). */
  default List<ParameterSpec> parameters(Shape input) {
    return List.of();
  }

  /**
   * The element type of the output for an input of the given type; float to float unless the layer says
   * otherwise (an {@link Embedding} takes int64 token ids).
   *
   * @throws ShapeMismatchException when the layer cannot take that type
   */
  default DataType outputDataType(DataType input) {
    if (input != DataType.FLOAT) {
      throw new ShapeMismatchException("takes float values but gets " + input.name().toLowerCase(java.util.Locale.ROOT)
          + "; convert them with toFloat(), or put an Embedding first for token ids");
    }
    return DataType.FLOAT;
  }

  /**
   * This layer applied to a value inside a {@link Module}'s forward (or a {@link FunctionalModel}), as
   * PyTorch's {@code self.conv1(x)}; the layer must be registered there, which gives it its name.
   */
  default Tensor apply(Tensor input) {
    return input.tracer().apply(this, input);
  }

  /** Adds the layer's nodes, from {@link LayerContext#input()} to {@link LayerContext#output()}. */
  void emit(LayerContext context);
}
