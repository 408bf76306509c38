package dev.ortrain.importer;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
  static final String REMOVED_BIAS = "RemoveOptionalBias";
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
      String rules = ExporterMetadata.of(n, ExporterMetadata.REWRITE_RULES);
      if (!rules.contains(REMOVED_BIAS) || rules.contains(LossyExport.FUSED_BATCH_NORM) || n.getInputCount() != 2) {
        continue;
      }
      TensorProto weight = initializers.get(n.getInput(1));
      String bias = weight == null ? null : biasName(weight.getName(), ExporterMetadata.parametersRead(n));
      long outputs = weight == null ? -1 : outputs(n, weight);
      if (bias == null || outputs < 0 || !taken.add(bias)) {
        continue;
      }
      b.addInitializer(Tensors.floats(bias, new long[] {outputs}, new float[(int) outputs]));
      b.setNode(i, n.toBuilder().addInput(bias).clearMetadataProps().addAllMetadataProps(
          n.getMetadataPropsList().stream().filter(e -> !e.getKey().equals(ExporterMetadata.REWRITE_RULES)).toList()));
    }
    return b.build();
  }

  /** The weight's name with its leaf "weight" as "bias", when the node read a parameter spelled so. */
  private static String biasName(String weight, List<String> read) {
    if (!weight.endsWith(WEIGHT)) {
      return null;
    }
    String candidate = weight.substring(0, weight.length() - WEIGHT.length()) + BIAS;
    return read.contains(ExporterMetadata.sanitize(candidate)) ? candidate : null;
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
}
