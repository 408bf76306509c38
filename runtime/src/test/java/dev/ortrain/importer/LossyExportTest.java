package dev.ortrain.importer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.StringStringEntryProto;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports whose model cannot be recovered are refused, naming the nodes and the export that keeps it. */
class LossyExportTest {
  @TempDir Path dir;

  /** A removed bias whose reader names no parameter (no fx metadata) cannot come back. */
  @Test
  void aRemovedBiasThatCannotBeNamedIsRefused() {
    ModelProto model = withRule("fc2", "RemoveOptionalBiasFromGemm");
    Path file = TestModels.write(model, dir, "removed.onnx");
    ModelImportException e = assertThrows(ModelImportException.class,
        () -> OnnxModelImporter.load(file).toForwardModel());
    assertTrue(e.getMessage().contains("removed the biases that were zero ('fc2')"), e.getMessage());
    assertTrue(e.getMessage().contains("optimize=False"), e.getMessage());
  }

  @Test
  void aBatchNormFusedByTheDynamoOptimizerIsRefused() {
    ModelProto model = withRule("fc1", "RemoveOptionalBiasFromGemm, FuseBatchNormIntoGemm");
    Path file = TestModels.write(model, dir, "fused.onnx");
    ModelImportException e = assertThrows(ModelImportException.class,
        () -> OnnxModelImporter.load(file).toForwardModel());
    assertTrue(e.getMessage().contains("BatchNorm layers are folded into the layers before them ('fc1')"),
        e.getMessage());
  }

  /** The MLP with the named Gemm's bias dropped and the dynamo optimizer's rule recorded on it. */
  private static ModelProto withRule(String gemm, String rules) {
    ModelProto m = TestModels.model(TestModels.mlp(), "logits");
    GraphProto.Builder g = m.getGraph().toBuilder();
    for (int i = 0; i < g.getNodeCount(); i++) {
      NodeProto n = g.getNode(i);
      if (n.getName().equals(gemm)) {
        g.setNode(i, n.toBuilder().clearInput().addInput(n.getInput(0)).addInput(n.getInput(1))
            .addMetadataProps(StringStringEntryProto.newBuilder().setKey(ExporterMetadata.REWRITE_RULES).setValue(rules)));
      }
    }
    return m.toBuilder().setGraph(g).build();
  }
}
