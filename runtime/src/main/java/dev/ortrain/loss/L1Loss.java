package dev.ortrain.loss;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.TensorType;

/**
 * mean(|prediction − target|) over all elements, as PyTorch's {@code L1Loss()}. Float targets. The gradient
 * is sign(prediction − target)/N, 0 where they are equal (as in PyTorch).
 */
public final class L1Loss implements Loss {
  public static L1Loss create() {
    return new L1Loss();
  }

  @Override
  public String attach(GraphBuilder graph, String prediction, TensorType predictionType) {
    TensorType type = targetType(predictionType);
    graph.input(TARGET, type);
    LossNodes n = new LossNodes(graph);
    String diff = n.binary("Sub", prediction, TARGET, type, "l1_diff");
    String abs = n.unary("Abs", diff, type, "l1_abs");
    return n.meanOfAll(abs, LOSS);
  }

  @Override
  public TensorType targetType(TensorType predictionType) {
    return LossNodes.sameShapeFloat(predictionType, describe());
  }

  @Override
  public String describe() {
    return "l1";
  }
}
