package dev.ortrain.loss;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;

/**
 * Softmax cross-entropy over class indices (int64 targets of shape [batch] for logits [batch, classes]),
 * averaged over the targets that are not {@code ignoreIndex}. As PyTorch's {@code CrossEntropyLoss}.
 */
public final class CrossEntropyLoss implements Loss {
  private final Long ignoreIndex;

  private CrossEntropyLoss(Long ignoreIndex) {
    this.ignoreIndex = ignoreIndex;
  }

  public static CrossEntropyLoss create() {
    return new CrossEntropyLoss(null);
  }

  /** Targets equal to {@code index} contribute nothing to the loss or its mean. */
  public CrossEntropyLoss ignoreIndex(long index) {
    return new CrossEntropyLoss(index);
  }

  @Override
  public String attach(GraphBuilder graph, String prediction, TensorType predictionType) {
    if (predictionType.shape().rank() < 2) {
      throw new IllegalArgumentException("Cross-entropy needs logits of shape [batch, classes, ...], got "
          + predictionType + " for '" + prediction + "'");
    }
    graph.input(TARGET, targetType(predictionType));
    GraphBuilder.NodeBuilder n = graph.node("SoftmaxCrossEntropyLoss").name("cross_entropy")
        .inputs(prediction, TARGET).attr("reduction", "mean");
    if (ignoreIndex != null) {
      n.attr("ignore_index", ignoreIndex);
    }
    String logProb = graph.freshName(prediction + "_log_prob");
    n.outputs(LOSS, logProb);
    graph.valueType(LOSS, TensorType.floats(Shape.of()));
    graph.valueType(logProb, predictionType);
    return LOSS;
  }

  @Override
  public TensorType targetType(TensorType predictionType) {
    Shape p = predictionType.shape();
    long[] rest = new long[p.rank() - 2];
    for (int i = 2; i < p.rank(); i++) {
      rest[i - 2] = p.size(i);
    }
    return new TensorType(DataType.INT64, Shape.batched(rest));
  }

  @Override
  public String describe() {
    return "cross_entropy" + (ignoreIndex == null ? "" : "(ignore_index=" + ignoreIndex + ")");
  }
}
