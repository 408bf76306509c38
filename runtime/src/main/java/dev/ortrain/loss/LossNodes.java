package dev.ortrain.loss;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;

/**
 * Node helpers for losses built from standard ops. Every value gets its type declared: the gradient rules
 * need the shapes to undo broadcasting.
 */
final class LossNodes {
  private final GraphBuilder graph;

  LossNodes(GraphBuilder graph) {
    this.graph = graph;
  }

  String unary(String op, String x, TensorType type, String hint) {
    String out = graph.node(op).inputs(x).output(hint);
    graph.valueType(out, type);
    return out;
  }

  String binary(String op, String a, String b, TensorType type, String hint) {
    String out = graph.node(op).inputs(a, b).output(hint);
    graph.valueType(out, type);
    return out;
  }

  /** Mean over all elements, written to {@code name} (a scalar). */
  String meanOfAll(String x, String name) {
    graph.node("ReduceMean").inputs(x).attr("keepdims", 0L).outputs(name);
    graph.valueType(name, TensorType.floats(Shape.of()));
    return name;
  }

  /** Sum over all elements, as a scalar. */
  String sumOfAll(String x, String hint) {
    String out = graph.node("ReduceSum").inputs(x).attr("keepdims", 0L).output(hint);
    graph.valueType(out, TensorType.floats(Shape.of()));
    return out;
  }

  String scalar(String hint, float value) {
    return graph.scalar(hint, value);
  }

  /** The float target type of losses that compare the prediction element by element. */
  static TensorType sameShapeFloat(TensorType prediction, String loss) {
    if (prediction.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException(loss + " needs a float32 prediction, got " + prediction);
    }
    return TensorType.floats(prediction.shape());
  }
}
