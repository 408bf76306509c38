package dev.ortrain.gradients;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a forward graph into its training-mode form before differentiation (the eval graph keeps the
 * inference form):
 *
 * <ul>
 *   <li>nodes whose gradient needs values the inference form does not produce get them: MaxPool's indices,
 *       the loss's log-probabilities, LayerNormalization's mean and inverse standard deviation;
 *   <li>BatchNormalization normalizes with batch statistics and updates its running statistics
 *       ({@link BatchNormRewrite});
 *   <li>Dropout multiplies by a mask fed from Java ({@link DropoutRewrite}).
 * </ul>
 */
public final class TrainingRewrite {
  private TrainingRewrite() {}

  /**
   * Rewrites {@code graph} in place.
   *
   * @return the dropout masks the training model now takes as inputs, in graph order (empty without Dropout)
   */
  public static List<DropoutMask> apply(GraphBuilder graph) {
    return apply(graph, GradientRegistry.standard());
  }

  /**
   * Rewrites {@code graph} in place for the gradient rules of {@code registry}: MaxPool nodes get their
   * indices output only where the registry's MaxPool rule needs it.
   *
   * @return the dropout masks the training model now takes as inputs, in graph order (empty without Dropout)
   */
  public static List<DropoutMask> apply(GraphBuilder graph, GradientRegistry registry) {
    List<NodeProto> original = List.copyOf(graph.nodes());
    List<NodeProto> nodes = graph.nodes();
    nodes.clear(); // rebuilt in order; rewrites append their nodes where the original one stood
    List<DropoutMask> masks = new ArrayList<>();
    BatchNormRewrite batchNorm = new BatchNormRewrite(graph);
    for (NodeProto n : original) {
      if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
        nodes.add(n);
        continue;
      }
      switch (n.getOpType()) {
        case "MaxPool" -> nodes.add(registry.needsMaxPoolIndices(n, graph)
            ? withSecondOutput(graph, n, "_indices", DataType.INT64) : n);
        case "SoftmaxCrossEntropyLoss" -> nodes.add(withSecondOutput(graph, n, "_log_prob", DataType.FLOAT));
        case "LayerNormalization" -> nodes.add(withNormalizationStatistics(graph, n));
        case "BatchNormalization" -> batchNorm.rewrite(n);
        case "Dropout" -> masks.add(DropoutRewrite.rewrite(graph, n));
        default -> nodes.add(n);
      }
    }
    return masks;
  }

  private static NodeProto withSecondOutput(GraphBuilder graph, NodeProto n, String suffix, DataType type) {
    if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty()) {
      return n;
    }
    String name = graph.freshName(n.getOutput(0) + suffix);
    NodeProto.Builder b = n.toBuilder();
    if (b.getOutputCount() > 1) {
      b.setOutput(1, name);
    } else {
      b.addOutput(name);
    }
    TensorType first = graph.typeOf(n.getOutput(0));
    if (n.getOpType().equals("MaxPool") && first != null) {
      graph.valueType(name, new TensorType(type, first.shape()));
    }
    return b.build();
  }

  /**
   * LayerNormalization with its optional Mean and InvStdDev outputs, which LayerNormalizationGrad consumes.
   * Both are shaped like X with the normalized axes reduced to 1.
   */
  private static NodeProto withNormalizationStatistics(GraphBuilder graph, NodeProto n) {
    TensorType x = graph.typeOf(n.getInput(0));
    if (x == null) {
      throw new IllegalStateException("The shape of '" + n.getInput(0) + "' (input of LayerNormalization node '"
          + n.getName() + "') is unknown; run shape inference on the model");
    }
    int rank = x.shape().rank();
    long axis = Attributes.getInt(n, "axis", -1);
    int first = (int) (axis < 0 ? axis + rank : axis);
    TensorShapeProto.Builder statShape = x.shape().toProto().toBuilder();
    for (int i = first; i < rank; i++) {
      statShape.setDim(i, TensorShapeProto.Dimension.newBuilder().setDimValue(1));
    }
    TensorType statType = TensorType.floats(Shape.fromProto(statShape.build()));
    NodeProto.Builder b = n.toBuilder();
    String y = n.getOutput(0);
    String[] suffixes = {"", "_mean", "_inv_std_dev"};
    for (int i = 1; i <= 2; i++) {
      if (b.getOutputCount() <= i) {
        b.addOutput("");
      }
      if (b.getOutput(i).isEmpty()) {
        b.setOutput(i, graph.freshName(y + suffixes[i]));
      }
      graph.valueType(b.getOutput(i), statType);
    }
    return b.build();
  }
}
