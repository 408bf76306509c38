package dev.ortrain.nn;

import dev.ortrain.graph.Shape;

/**
 * Softmax along one axis, emitted as ONNX {@code Softmax} (opset 13 semantics: along that axis only). For
 * classification, train on the logits with a cross-entropy loss and add Softmax only for inference.
 */
public final class Softmax extends AbstractLayer<Softmax> {
  private final int axis;

  /** Along the last axis. */
  public Softmax() {
    this(-1);
  }

  /** Along {@code axis}; negative values count from the end. */
  public Softmax(int axis) {
    this.axis = axis;
  }

  @Override
  public String describe() {
    return "Softmax axis " + axis;
  }

  @Override
  public Shape outputShape(Shape input) {
    if (axis < -input.rank() || axis >= input.rank()) {
      throw new ShapeMismatchException("cannot take the softmax along axis " + axis + " of an input " + input
          + " of rank " + input.rank() + "; use an axis from " + -input.rank() + " to " + (input.rank() - 1));
    }
    return input;
  }

  @Override
  public void emit(LayerContext ctx) {
    ctx.node("Softmax").inputs(ctx.input()).attr("axis", (long) axis).outputs(ctx.output());
  }
}
