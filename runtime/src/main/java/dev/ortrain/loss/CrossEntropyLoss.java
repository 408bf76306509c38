package dev.ortrain.loss;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;

/**
 * Softmax cross-entropy over class indices (int64 targets of shape [batch, ...] for logits [batch, classes,
 * ...]), averaged over the targets that are not {@code ignoreIndex}, optionally with label smoothing. As
 * PyTorch's {@code CrossEntropyLoss(ignore_index=…, label_smoothing=ε)}:
 * (1 − ε)·NLL + ε·mean over kept targets of (1/C)·Σ_c −log p_c.
 */
public final class CrossEntropyLoss implements Loss {
  private final Long ignoreIndex;
  private final float labelSmoothing;

  private CrossEntropyLoss(Long ignoreIndex, float labelSmoothing) {
    this.ignoreIndex = ignoreIndex;
    this.labelSmoothing = labelSmoothing;
  }

  public static CrossEntropyLoss create() {
    return new CrossEntropyLoss(null, 0f);
  }

  /** Targets equal to {@code index} contribute nothing to the loss or its mean. */
  public CrossEntropyLoss ignoreIndex(long index) {
    return new CrossEntropyLoss(index, labelSmoothing);
  }

  /** Mixes the one-hot target with the uniform distribution: ε in [0, 1], 0 = none. */
  public CrossEntropyLoss labelSmoothing(float epsilon) {
    if (!(epsilon >= 0 && epsilon <= 1)) {
      throw new IllegalArgumentException("label smoothing must be in [0, 1], got " + epsilon);
    }
    return new CrossEntropyLoss(ignoreIndex, epsilon);
  }

  @Override
  public String attach(GraphBuilder graph, String prediction, TensorType predictionType) {
    TensorType targetType = targetType(predictionType);
    graph.input(TARGET, targetType);
    boolean smoothing = labelSmoothing > 0;
    String nll = smoothing ? graph.freshName("cross_entropy_nll") : LOSS;
    GraphBuilder.NodeBuilder n = graph.node("SoftmaxCrossEntropyLoss").name("cross_entropy")
        .inputs(prediction, TARGET).attr("reduction", "mean");
    if (ignoreIndex != null) {
      n.attr("ignore_index", ignoreIndex);
    }
    String logProb = graph.freshName(prediction + "_log_prob");
    n.outputs(nll, logProb);
    graph.valueType(nll, TensorType.floats(Shape.of()));
    graph.valueType(logProb, predictionType);
    if (!smoothing) {
      return LOSS;
    }
    return withSmoothing(graph, prediction, predictionType, targetType, nll);
  }

  /**
   * (1 − ε)·nll + ε·smooth, where smooth is the mean over kept targets of −(1/C)·Σ_c log p_c. The
   * log-probabilities come from their own LogSoftmax: the loss op's log_prob output carries no gradient.
   */
  private String withSmoothing(GraphBuilder graph, String prediction, TensorType predictionType,
      TensorType targetType, String nll) {
    LossNodes n = new LossNodes(graph);
    TensorType perTarget = TensorType.floats(targetType.shape());
    String logP = graph.node("LogSoftmax").inputs(prediction).attr("axis", 1L).output("smoothing_log_p");
    graph.valueType(logP, predictionType);
    String classSum = graph.node("ReduceSum").inputs(logP, graph.int64s("class_axis", 1)).attr("keepdims", 0L)
        .output("smoothing_class_sum");
    graph.valueType(classSum, perTarget);
    String meanClassSum;
    if (ignoreIndex == null) {
      meanClassSum = n.meanOfAll(classSum, graph.freshName("smoothing_mean"));
    } else {
      String ignored = graph.initializer(Tensors.int64s(graph.freshName("ignore_index"), new long[0], ignoreIndex));
      String isIgnored = graph.node("Equal").inputs(TARGET, ignored).output("smoothing_ignored");
      String kept = graph.node("Not").inputs(isIgnored).output("smoothing_kept");
      String weight = graph.node("Cast").inputs(kept).attr("to", (long) DataType.FLOAT.onnxCode())
          .output("smoothing_weight");
      graph.valueType(weight, perTarget);
      String keptSum = n.sumOfAll(n.binary("Mul", classSum, weight, perTarget, "smoothing_kept_sum"),
          "smoothing_total");
      meanClassSum = n.binary("Div", keptSum, n.sumOfAll(weight, "smoothing_count"),
          TensorType.floats(Shape.of()), "smoothing_mean");
    }
    long classes = predictionType.shape().size(1);
    TensorType scalar = TensorType.floats(Shape.of());
    String smoothTerm = n.binary("Mul", meanClassSum, n.scalar("smoothing_factor", -labelSmoothing / classes),
        scalar, "smoothing_term");
    String nllTerm = n.binary("Mul", nll, n.scalar("nll_factor", 1 - labelSmoothing), scalar, "nll_term");
    graph.node("Add").inputs(nllTerm, smoothTerm).outputs(LOSS);
    graph.valueType(LOSS, scalar);
    return LOSS;
  }

  @Override
  public java.util.Optional<ClassTargets> classTargets(TensorType predictionType) {
    Shape p = predictionType.shape();
    if (p.rank() < 2 || !p.isKnown(1)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new ClassTargets(p.size(1),
        ignoreIndex == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(ignoreIndex)));
  }

  @Override
  public TensorType targetType(TensorType predictionType) {
    Shape p = predictionType.shape();
    if (p.rank() < 2) {
      throw new IllegalArgumentException("Cross-entropy needs logits of shape [batch, classes, ...], got "
          + predictionType);
    }
    long[] rest = new long[p.rank() - 2];
    for (int i = 2; i < p.rank(); i++) {
      rest[i - 2] = p.size(i);
    }
    return new TensorType(DataType.INT64, Shape.batched(rest));
  }

  @Override
  public String describe() {
    StringBuilder b = new StringBuilder("cross_entropy");
    if (ignoreIndex != null || labelSmoothing > 0) {
      b.append('(');
      if (ignoreIndex != null) {
        b.append("ignore_index=").append(ignoreIndex);
      }
      if (labelSmoothing > 0) {
        b.append(ignoreIndex != null ? ", " : "").append("label_smoothing=").append(labelSmoothing);
      }
      b.append(')');
    }
    return b.toString();
  }
}
