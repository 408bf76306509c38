package dev.ortrain.importer;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.StringStringEntryProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives back the biases the dynamo exporter's optimizer removed because they were zero
 * ({@code RemoveOptionalBiasFromGemm}, {@code ...FromConv}): a model exported right after initialization
 * loses every bias PyTorch initializes to zero (attention's output projection), which training must update.
 * The node's {@code pkg.torch.onnx.fx_node} metadata names the bias it read; it comes back as a zero
 * initializer under that name, spelled like the node's weight ({@code ...out_proj.weight} →
 * {@code ...out_proj.bias}). A bias whose name cannot be read back is left to {@link LossyExport}, which
 * refuses the export.
 */
final class RemovedBiases {
  static final String REWRITE_RULES = "pkg.onnxscript.rewriter.rule_name";
  static final String REMOVED_BIAS = "RemoveOptionalBias";
  private static final String FX_NODE = "pkg.torch.onnx.fx_node";
  private static final Pattern PLACEHOLDER = Pattern.compile("%p_([A-Za-z0-9_]+)");
  private static final String WEIGHT = "weight";
  private static final String BIAS = "bias";

  private RemovedBiases() {}

  static GraphProto restore(GraphProto graph) {
    Map<String, TensorProto> initializers = new HashMap<>();
    graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
    Set<String> taken = new HashSet<>(initializers.keySet());
    GraphProto.Builder b = graph.toBuilder();
    for (int i = 0; i < b.getNodeCount(); i++) {
      NodeProto n = b.getNode(i);
      String rules = metadata(n, REWRITE_RULES);
      if (!rules.contains(REMOVED_BIAS) || rules.contains(LossyExport.FUSED_BATCH_NORM) || n.getInputCount() != 2) {
        continue;
      }
      TensorProto weight = initializers.get(n.getInput(1));
      String bias = weight == null ? null : biasName(weight.getName(), metadata(n, FX_NODE));
      long outputs = weight == null ? -1 : outputs(n, weight);
      if (bias == null || outputs < 0 || !taken.add(bias)) {
        continue;
      }
      b.addInitializer(Tensors.floats(bias, new long[] {outputs}, new float[(int) outputs]));
      b.setNode(i, n.toBuilder().addInput(bias).clearMetadataProps().addAllMetadataProps(
          n.getMetadataPropsList().stream().filter(e -> !e.getKey().equals(REWRITE_RULES)).toList()));
    }
    return b.build();
  }

  /** The weight's name with its leaf "weight" as "bias", when the node read a parameter spelled so. */
  private static String biasName(String weight, String fx) {
    if (!weight.endsWith(WEIGHT)) {
      return null;
    }
    String candidate = weight.substring(0, weight.length() - WEIGHT.length()) + BIAS;
    Matcher m = PLACEHOLDER.matcher(fx);
    while (m.find()) {
      if (m.group(1).equals(MergedParameters.sanitize(candidate))) {
        return candidate;
      }
    }
    return null;
  }

  /** The number of output features: Gemm's N, Conv's output channels; -1 for another op. */
  private static long outputs(NodeProto n, TensorProto weight) {
    if (weight.getDataType() != DataType.FLOAT.onnxCode() || weight.getDimsCount() < 2) {
      return -1;
    }
    return switch (n.getOpType()) {
      case "Gemm" -> Attributes.getInt(n, "transB", 0) != 0 ? weight.getDims(0) : weight.getDims(1);
      case "Conv" -> weight.getDims(0);
      default -> -1;
    };
  }

  static String metadata(NodeProto n, String key) {
    for (StringStringEntryProto e : n.getMetadataPropsList()) {
      if (e.getKey().equals(key)) {
        return e.getValue();
      }
    }
    return "";
  }
}
