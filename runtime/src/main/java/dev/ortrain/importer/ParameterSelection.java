package dev.ortrain.importer;

import dev.ortrain.gradients.GradientBuilder;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which initializers of an exported model are parameters. A float initializer is a parameter when
 * it feeds a differentiable input of some node and is either in a weight slot (Gemm, MatMul, Conv,
 * normalization scale and bias, embeddings, LSTM and GRU weights, biases and peepholes) or holds more than
 * one element: exporters write the scalar constants of decomposed functions (GELU's 0.5 and √2, LayerNorm's
 * ε) as one-element initializers.
 * BatchNormalization's running mean and variance are frozen parameters. Everything else stays a constant.
 */
final class ParameterSelection {
  /** Input slots that are never differentiated: shapes, axes, indices, ratios, bounds, exponents. */
  private static final Map<String, Set<Integer>> NON_DIFFERENTIABLE_SLOTS = Map.ofEntries(
      Map.entry("Reshape", Set.of(1)), Map.entry("Expand", Set.of(1)), Map.entry("Tile", Set.of(1)),
      Map.entry("Slice", Set.of(1, 2, 3, 4)), Map.entry("Pad", Set.of(1, 2, 3)), Map.entry("Dropout", Set.of(1, 2)),
      Map.entry("Clip", Set.of(1, 2)), Map.entry("Resize", Set.of(1, 2, 3)), Map.entry("Upsample", Set.of(1)),
      Map.entry("Squeeze", Set.of(1)), Map.entry("Unsqueeze", Set.of(1)), Map.entry("Gather", Set.of(1)),
      Map.entry("GatherElements", Set.of(1)), Map.entry("GatherND", Set.of(1)), Map.entry("Where", Set.of(0)),
      Map.entry("Pow", Set.of(1)), Map.entry("TopK", Set.of(1)), Map.entry("Split", Set.of(1)),
      Map.entry("CumSum", Set.of(1)), Map.entry("OneHot", Set.of(0, 1, 2)), Map.entry("ReduceSum", Set.of(1)),
      Map.entry("ReduceMean", Set.of(1)), Map.entry("ReduceMax", Set.of(1)), Map.entry("ReduceMin", Set.of(1)),
      // sequence_lens, and initial states given as initializers: a constant state has the batch size baked in
      // (a learned one reaches the node through Expand or Tile instead); train(name) overrides.
      Map.entry("LSTM", Set.of(4, 5, 6)), Map.entry("GRU", Set.of(4, 5)));
  /** Slots whose initializer is a learned weight whatever its size. */
  private static final Map<String, Set<Integer>> WEIGHT_SLOTS = Map.ofEntries(
      Map.entry("Gemm", Set.of(0, 1, 2)), Map.entry("MatMul", Set.of(0, 1)), Map.entry("Conv", Set.of(1, 2)),
      Map.entry("ConvTranspose", Set.of(1, 2)), Map.entry("BatchNormalization", Set.of(1, 2)),
      Map.entry("LayerNormalization", Set.of(1, 2)), Map.entry("InstanceNormalization", Set.of(1, 2)),
      Map.entry("PRelu", Set.of(1)), Map.entry("Gather", Set.of(0)), Map.entry("LSTM", Set.of(1, 2, 3, 7)),
      Map.entry("GRU", Set.of(1, 2, 3)));
  /** BatchNormalization's running statistics: parameters ONNX Runtime keeps, but no optimizer updates. */
  private static final Set<Integer> BATCH_NORM_STATISTICS = Set.of(3, 4);

  record Result(List<String> trainable, List<String> frozen) {}

  private ParameterSelection() {}

  /**
   * @param freeze parameter names to keep frozen
   * @param freezePrefixes name prefixes whose parameters to keep frozen
   * @param alsoTrain initializers to train although the rule above would keep them constant
   * @throws ModelImportException naming every freeze or train entry that matches no parameter
   */
  static Result select(GraphProto graph, Collection<String> freeze, Collection<String> freezePrefixes,
      Collection<String> alsoTrain) {
    Map<String, TensorProto> floats = new java.util.LinkedHashMap<>();
    for (TensorProto t : graph.getInitializerList()) {
      if (t.getDataType() == DataType.FLOAT.onnxCode()) {
        floats.put(t.getName(), t);
      }
    }
    Set<String> parameters = new HashSet<>();
    Set<String> statistics = new HashSet<>();
    for (NodeProto node : graph.getNodeList()) {
      for (int slot = 0; slot < node.getInputCount(); slot++) {
        TensorProto t = floats.get(node.getInput(slot));
        if (t == null || !ShapeInference.isStandardDomain(node.getDomain())) {
          continue;
        }
        String op = node.getOpType();
        if (op.equals("BatchNormalization") && BATCH_NORM_STATISTICS.contains(slot)) {
          statistics.add(t.getName());
        } else if (isParameterSlot(op, slot, t)) {
          parameters.add(t.getName());
        }
      }
    }
    List<String> problems = new ArrayList<>();
    for (String name : alsoTrain) {
      if (floats.containsKey(name)) {
        parameters.add(name);
      } else {
        problems.add("train: '" + name + "' is not a float initializer of the model");
      }
    }
    Set<String> frozen = new LinkedHashSet<>(statistics);
    for (String name : freeze) {
      if (parameters.contains(name) || statistics.contains(name)) {
        frozen.add(name);
      } else {
        problems.add("freeze: '" + name + "' is not a parameter");
      }
    }
    for (String prefix : freezePrefixes) {
      boolean matched = false;
      for (String p : parameters) {
        if (p.startsWith(prefix)) {
          frozen.add(p);
          matched = true;
        }
      }
      if (!matched) {
        problems.add("freezePrefix: no parameter starts with '" + prefix + "'");
      }
    }
    List<String> trainable = new ArrayList<>();
    List<String> frozenInOrder = new ArrayList<>();
    for (String name : floats.keySet()) {
      if (frozen.contains(name)) {
        frozenInOrder.add(name);
      } else if (parameters.contains(name)) {
        trainable.add(name);
      }
    }
    if (!problems.isEmpty()) {
      List<String> all = new ArrayList<>(trainable);
      all.addAll(frozenInOrder);
      throw new ModelImportException("Unknown parameter names: " + String.join("; ", problems)
          + ". The model's parameters are " + all + "; initializers that ortrain keeps constant can be"
          + " made trainable with train(name).");
    }
    return new Result(trainable, frozenInOrder);
  }

  private static boolean isParameterSlot(String op, int slot, TensorProto t) {
    if (GradientBuilder.carriesNoGradient("", op) || NON_DIFFERENTIABLE_SLOTS.getOrDefault(op, Set.of()).contains(slot)) {
      return false;
    }
    return WEIGHT_SLOTS.getOrDefault(op, Set.of()).contains(slot) || Tensors.elementCount(t) > 1;
  }
}
