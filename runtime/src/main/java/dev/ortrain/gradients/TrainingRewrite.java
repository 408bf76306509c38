package dev.ortrain.gradients;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a forward graph into its training-mode form before differentiation (the eval graph keeps the
 * inference form):
 *
 * <ul>
 *   <li>nodes whose gradient needs values the inference form does not produce get them: MaxPool's indices,
 *       the loss's log-probabilities, LayerNormalization's mean and inverse standard deviation;
 *   <li>BatchNormalization normalizes with batch statistics and updates its running statistics
 *       ({@link BatchNormRewrite});
 *   <li>Dropout multiplies by a mask fed from Java ({@link DropoutRewrite});
 *   <li>LSTM and GRU also output the states and gate activations their gradient kernels read
 *       ({@link RecurrentRewrite}), or are unrolled into standard operators ({@link RecurrentUnrolling}), as
 *       the registry's {@link GradientFormulation#recurrence()} says and the sequence length allows; reverse
 *       and bidirectional ones as forward nodes first ({@link RecurrentDirections}).
 * </ul>
 */
public final class TrainingRewrite {
  /** Standard operators whose training form is another node, which the gradient rules then see. */
  private static final java.util.Set<String> REWRITTEN =
      java.util.Set.of("BatchNormalization", "Dropout", "LSTM", "GRU");

  private TrainingRewrite() {}

  /** Whether {@link #apply} replaces this node by a training form (so its own op needs no gradient rule). */
  public static boolean rewrites(NodeProto node) {
    return isStandard(node) && rewrites(node.getOpType());
  }

  /** Whether {@link #apply} replaces nodes of this standard operator by a training form. */
  public static boolean rewrites(String standardOpType) {
    return REWRITTEN.contains(standardOpType);
  }

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
    Map<String, NodeProto> reluBeforePool = reluBeforeMaxPool(graph, original, registry);
    Set<NodeProto> moved = new HashSet<>(reluBeforePool.values());
    Set<String> read = readValues(original, graph);
    for (NodeProto n : original) {
      if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
        nodes.add(n);
        continue;
      }
      if (moved.contains(n)) {
        continue; // emitted after its MaxPool
      }
      switch (n.getOpType()) {
        case "MaxPool" -> {
          NodeProto relu = reluBeforePool.get(n.getInput(0));
          NodeProto pool = n;
          if (relu != null) {
            String pooled = graph.freshName(n.getOutput(0) + "_before_relu");
            pool = n.toBuilder().setInput(0, relu.getInput(0)).setOutput(0, pooled).build();
            graph.valueType(pooled, graph.typeOf(n.getOutput(0)));
          }
          nodes.add(registry.needsMaxPoolIndices(pool, graph)
              ? withSecondOutput(graph, pool, "_indices", DataType.INT64) : pool);
          if (relu != null) {
            nodes.add(relu.toBuilder().setInput(0, pool.getOutput(0)).setOutput(0, n.getOutput(0)).build());
          }
        }
        case "SoftmaxCrossEntropyLoss" -> nodes.add(withSecondOutput(graph, n, "_log_prob", DataType.FLOAT));
        case "LayerNormalization" -> nodes.add(withNormalizationStatistics(graph, n));
        case "BatchNormalization" -> batchNorm.rewrite(n);
        case "Dropout" -> {
          DropoutMask mask = DropoutRewrite.rewrite(graph, n, maskIsRead(n, read));
          if (mask != null) {
            masks.add(mask);
          }
        }
        case "LSTM", "GRU" -> RecurrentDirections.rewrite(graph, n, recurrence(graph, n, registry),
            read);
        default -> nodes.add(n);
      }
    }
    return masks;
  }

  /**
   * Relu nodes whose output only feeds a MaxPool that the value-mask gradient covers, by that output's
   * name. Max pooling and Relu commute exactly (Relu is monotone), so the training graph pools first and
   * applies Relu to the 4x smaller pooled tensor: its gradient (ReluGrad) then runs on the small tensor too,
   * and tied maxima of zeros (whole windows of Relu's zeros) no longer arise. The eval graph is unchanged.
   */
  private static Map<String, NodeProto> reluBeforeMaxPool(GraphBuilder graph, List<NodeProto> nodes,
      GradientRegistry registry) {
    Map<String, NodeProto> result = new HashMap<>();
    if (registry.formulation().maxPool() != GradientFormulation.MaxPool.VALUE_MASK
        || !registry.formulation().poolBeforeRelu()) {
      return result;
    }
    Map<String, Integer> consumers = new HashMap<>();
    for (NodeProto n : nodes) {
      for (String in : n.getInputList()) {
        consumers.merge(in, 1, Integer::sum);
      }
    }
    Set<String> outputs = new HashSet<>();
    graph.outputs().forEach(v -> outputs.add(v.getName()));
    Map<String, NodeProto> relus = new HashMap<>();
    for (NodeProto n : nodes) {
      if (isStandard(n) && n.getOpType().equals("Relu") && n.getInputCount() == 1 && n.getOutputCount() == 1) {
        relus.put(n.getOutput(0), n);
      }
    }
    for (NodeProto n : nodes) {
      if (!isStandard(n) || !n.getOpType().equals("MaxPool") || n.getInputCount() < 1) {
        continue;
      }
      NodeProto relu = relus.get(n.getInput(0));
      if (relu == null || consumers.getOrDefault(n.getInput(0), 0) != 1 || outputs.contains(n.getInput(0))
          || graph.typeOf(relu.getInput(0)) == null || graph.typeOf(n.getOutput(0)) == null
          || !MaxPoolGradients.valueMaskApplies(n, graph.typeOf(relu.getInput(0)))
          || registry.find(n) != MaxPoolGradients.VALUE_MASK) {
        continue;
      }
      result.put(n.getInput(0), relu);
    }
    return result;
  }

  /** The formulation of an LSTM or GRU node: the registry's, unless unrolling needs a sequence length it lacks. */
  private static GradientFormulation.Recurrence recurrence(GraphBuilder graph, NodeProto n,
      GradientRegistry registry) {
    return registry.formulation().recurrence() == GradientFormulation.Recurrence.UNROLLED
        && RecurrentUnrolling.applies(graph, n) ? GradientFormulation.Recurrence.UNROLLED
        : GradientFormulation.Recurrence.KERNEL;
  }

  /** The values some node of {@code nodes} or the graph's outputs read. */
  private static Set<String> readValues(List<NodeProto> nodes, GraphBuilder graph) {
    Set<String> read = new HashSet<>();
    nodes.forEach(n -> read.addAll(n.getInputList()));
    graph.outputs().forEach(v -> read.add(v.getName()));
    read.remove(""); // an absent optional input
    return read;
  }

  /** Whether some node or the graph's outputs read Dropout's second output, the boolean mask. */
  private static boolean maskIsRead(NodeProto dropout, Set<String> read) {
    return dropout.getOutputCount() > 1 && read.contains(dropout.getOutput(1));
  }

  private static boolean isStandard(NodeProto n) {
    return n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
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
