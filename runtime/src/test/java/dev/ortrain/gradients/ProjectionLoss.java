package dev.ortrain.gradients;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.loss.Loss;

/**
 * loss = Σ prediction·target, for gradient checks: the loss is linear, so its gradient with respect to the
 * prediction is the (random) target itself and every finite-difference error comes from the op under test.
 */
final class ProjectionLoss implements Loss {
  @Override
  public String attach(GraphBuilder graph, String prediction, TensorType predictionType) {
    graph.input(TARGET, targetType(predictionType));
    String product = graph.node("Mul").inputs(prediction, TARGET).output("projection");
    graph.valueType(product, targetType(predictionType));
    graph.node("ReduceSum").inputs(product).attr("keepdims", 0L).outputs(LOSS);
    graph.valueType(LOSS, TensorType.floats(Shape.of()));
    return LOSS;
  }

  @Override
  public TensorType targetType(TensorType predictionType) {
    return TensorType.floats(predictionType.shape());
  }

  @Override
  public String describe() {
    return "projection";
  }
}
