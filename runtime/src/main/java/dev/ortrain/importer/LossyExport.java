package dev.ortrain.importer;

import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Refuses exports from which the trainable model cannot be recovered, naming the nodes and the export that
 * keeps the model:
 *
 * <ul>
 *   <li>a BatchNorm folded into the layer before it: an eval-mode TorchScript export names the folded
 *       weight after its consumer ({@code onnx::Conv_62}), never after a parameter; the dynamo exporter's
 *       optimizer records the rule ({@code FuseBatchNormIntoConv}) in the node's metadata;
 *   <li>a bias that was zero when exported and that the dynamo optimizer removed
 *       ({@code RemoveOptionalBiasFromGemm}) where {@link RemovedBiases} cannot name it back: training
 *       would keep it at zero.
 * </ul>
 */
final class LossyExport {
  private static final Set<String> WEIGHTED = Set.of("Conv", "ConvTranspose", "Gemm", "MatMul");
  static final String FUSED_BATCH_NORM = "FuseBatchNormInto";
  private static final String RECIPE = " Export in training mode, which keeps the model as written:"
      + " torch.onnx.export(model, args, f, dynamo=False, opset_version=17,"
      + " training=torch.onnx.TrainingMode.TRAINING, do_constant_folding=False), or with dynamo=True, optimize=False.";

  private LossyExport() {}

  /** @throws ModelImportException listing every node the export changed beyond recovery */
  static void refuse(String modelName, GraphProto graph) {
    List<String> folded = new ArrayList<>();
    List<String> biasRemoved = new ArrayList<>();
    for (NodeProto n : graph.getNodeList()) {
      if (!WEIGHTED.contains(n.getOpType())) {
        continue;
      }
      String rules = ExporterMetadata.of(n, ExporterMetadata.REWRITE_RULES);
      boolean torchScriptFold = n.getOpType().equals("Conv") && n.getInputCount() > 1
          && n.getInput(1).startsWith(FoldedTies.COMPUTED + "Conv_");
      if (torchScriptFold || rules.contains(FUSED_BATCH_NORM)) {
        folded.add("'" + n.getName() + "'");
      } else if (rules.contains(RemovedBiases.REMOVED_BIAS)) {
        biasRemoved.add("'" + n.getName() + "'");
      }
    }
    List<String> problems = new ArrayList<>();
    if (!folded.isEmpty()) {
      problems.add("its BatchNorm layers are folded into the layers before them (" + String.join(", ", folded)
          + "), so it would train without batch normalization");
    }
    if (!biasRemoved.isEmpty()) {
      problems.add("the exporter's optimizer removed the biases that were zero (" + String.join(", ", biasRemoved)
          + "), so they would never train");
    }
    if (!problems.isEmpty()) {
      throw new ModelImportException(modelName + " is not the model you wrote: " + String.join("; ", problems)
          + "." + RECIPE);
    }
  }

}
