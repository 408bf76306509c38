package dev.ortrain.loss;

import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.TensorType;

/**
 * Sigmoid plus binary cross-entropy on logits x with float targets y in [0, 1] of the same shape, averaged
 * over all elements, as PyTorch's {@code BCEWithLogitsLoss()}:
 * mean(max(x, 0) − x·y + log(1 + exp(−|x|))), which never overflows.
 *
 * <p>max(x, 0) is written (x + |x|)/2 so that the gradient at x = 0 is the true derivative σ(0) − y: a Relu
 * would contribute 0 there instead of ½ (and zero-initialised output layers start exactly at x = 0).
 */
public final class BinaryCrossEntropyWithLogitsLoss implements Loss {
  public static BinaryCrossEntropyWithLogitsLoss create() {
    return new BinaryCrossEntropyWithLogitsLoss();
  }

  @Override
  public String attach(GraphBuilder graph, String prediction, TensorType predictionType) {
    TensorType type = targetType(predictionType);
    graph.input(TARGET, type);
    LossNodes n = new LossNodes(graph);
    String abs = n.unary("Abs", prediction, type, "bce_abs");
    String doubledPositive = n.binary("Add", prediction, abs, type, "bce_twice_positive_part");
    String positive = n.binary("Mul", doubledPositive, n.scalar("half", 0.5f), type, "bce_positive_part");
    String product = n.binary("Mul", prediction, TARGET, type, "bce_logit_times_target");
    String exp = n.unary("Exp", n.unary("Neg", abs, type, "bce_neg_abs"), type, "bce_exp");
    String softplus = n.unary("Log", n.binary("Add", exp, n.scalar("one", 1f), type, "bce_one_plus_exp"), type,
        "bce_log1p_exp");
    String linear = n.binary("Sub", positive, product, type, "bce_linear");
    String perElement = n.binary("Add", linear, softplus, type, "bce_per_element");
    return n.meanOfAll(perElement, LOSS);
  }

  @Override
  public TensorType targetType(TensorType predictionType) {
    return LossNodes.sameShapeFloat(predictionType, describe());
  }

  @Override
  public String describe() {
    return "bce_with_logits";
  }
}
