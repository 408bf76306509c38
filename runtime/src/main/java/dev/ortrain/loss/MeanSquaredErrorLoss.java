package dev.ortrain.loss;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.TensorType;

/** mean((prediction − target)²) over all elements, as PyTorch's {@code MSELoss()}. Float targets. */
public final class MeanSquaredErrorLoss implements Loss {
  public static MeanSquaredErrorLoss create() {
    return new MeanSquaredErrorLoss();
  }

  @Override
  public String attach(GraphBuilder graph, String prediction, TensorType predictionType) {
    TensorType type = targetType(predictionType);
    graph.input(TARGET, type);
    LossNodes n = new LossNodes(graph);
    String diff = n.binary("Sub", prediction, TARGET, type, "mse_diff");
    String squared = n.binary("Mul", diff, diff, type, "mse_squared");
    return n.meanOfAll(squared, LOSS);
  }

  @Override
  public TensorType targetType(TensorType predictionType) {
    return LossNodes.sameShapeFloat(predictionType, describe());
  }

  @Override
  public String describe() {
    return "mse";
  }
}
