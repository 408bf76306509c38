package dev.ortrain.importer;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.StringStringEntryProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.util.ArrayList;
import java.util.Arrays;
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
 *       ({@code RemoveOptionalBiasFromGemm}): training would keep it at zero;
 *   <li>a tie broken by constant folding: an eval-mode TorchScript export stores the transposed copy of a
 *       tied matrix (an output layer sharing the embedding's) as a constant of its own, which training
 *       would update apart from the original.
 * </ul>
 */
final class LossyExport {
  private static final Set<String> WEIGHTED = Set.of("Conv", "ConvTranspose", "Gemm", "MatMul");
  /** The TorchScript exporter's prefix for values it computed or renamed, never a parameter's name. */
  private static final String COMPUTED = "onnx::";
  private static final String REWRITE_RULES = "pkg.onnxscript.rewriter.rule_name";
  private static final String FUSED_BATCH_NORM = "FuseBatchNormInto";
  private static final String REMOVED_BIAS = "RemoveOptionalBias";
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
      String rules = rewriteRules(n);
      boolean torchScriptFold = n.getOpType().equals("Conv") && n.getInputCount() > 1
          && n.getInput(1).startsWith(COMPUTED + "Conv_");
      if (torchScriptFold || rules.contains(FUSED_BATCH_NORM)) {
        folded.add("'" + n.getName() + "'");
      } else if (rules.contains(REMOVED_BIAS)) {
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
    problems.addAll(brokenTies(graph));
    if (!problems.isEmpty()) {
      throw new ModelImportException(modelName + " is not the model you wrote: " + String.join("; ", problems)
          + "." + RECIPE);
    }
  }

  private static String rewriteRules(NodeProto n) {
    for (StringStringEntryProto e : n.getMetadataPropsList()) {
      if (e.getKey().equals(REWRITE_RULES)) {
        return e.getValue();
      }
    }
    return "";
  }

  /** Computed 2-D float constants that hold exactly the transpose of a parameter still in the graph. */
  private static List<String> brokenTies(GraphProto graph) {
    List<TensorProto> matrices = new ArrayList<>();
    for (TensorProto t : graph.getInitializerList()) {
      if (t.getDataType() == DataType.FLOAT.onnxCode() && t.getDimsCount() == 2) {
        matrices.add(t);
      }
    }
    List<String> ties = new ArrayList<>();
    for (TensorProto copy : matrices) {
      if (!copy.getName().startsWith(COMPUTED)) {
        continue;
      }
      float[] transposed = transpose(copy);
      for (TensorProto original : matrices) {
        if (!original.getName().startsWith(COMPUTED) && original.getDims(0) == copy.getDims(1)
            && original.getDims(1) == copy.getDims(0) && Arrays.equals(transposed, Tensors.toFloats(original))) {
          ties.add("'" + copy.getName() + "' is a transposed copy of '" + original.getName() + "' made by constant"
              + " folding, so a tie between them would be broken");
        }
      }
    }
    return ties;
  }

  private static float[] transpose(TensorProto t) {
    float[] v = Tensors.toFloats(t);
    int rows = (int) t.getDims(0);
    int cols = (int) t.getDims(1);
    float[] out = new float[v.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = v[r * cols + c];
      }
    }
    return out;
  }
}
