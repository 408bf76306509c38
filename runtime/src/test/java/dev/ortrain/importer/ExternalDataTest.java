package dev.ortrain.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.Tensors;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.StringStringEntryProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.StepResult;
import dev.ortrain.session.TrainingSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models whose weights live in a separate file, as torch.onnx.export writes models above 2 GB. */
class ExternalDataTest {
  @TempDir Path dir;

  /** Moves every initializer's bytes into {@code weights.bin} (at 64-byte aligned offsets, as ONNX does). */
  private Path writeWithExternalData(ModelProto model, Path modelDir) throws IOException {
    Files.createDirectories(modelDir);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    GraphProto.Builder g = model.getGraph().toBuilder();
    for (int i = 0; i < g.getInitializerCount(); i++) {
      TensorProto t = g.getInitializer(i);
      byte[] bytes = Tensors.littleEndianBytes(t, null);
      while (data.size() % 64 != 0) {
        data.write(0);
      }
      int offset = data.size();
      data.write(bytes);
      g.setInitializer(i, t.toBuilder().clearRawData().setDataLocation(TensorProto.DataLocation.EXTERNAL)
          .addExternalData(entry("location", "weights.bin"))
          .addExternalData(entry("offset", Integer.toString(offset)))
          .addExternalData(entry("length", Integer.toString(bytes.length))));
    }
    Files.write(modelDir.resolve("weights.bin"), data.toByteArray());
    return TestModels.write(model.toBuilder().setGraph(g).build(), modelDir, "model.onnx");
  }

  private static StringStringEntryProto entry(String key, String value) {
    return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }

  @Test
  void externalWeightsAreInlinedAndTrainAsInlineOnes() throws IOException {
    ModelProto inline = TestModels.model(TestModels.mlp(), "logits");
    Path external = writeWithExternalData(inline, dir.resolve("external"));
    ForwardModel fromExternal = OnnxModelImporter.load(external).toForwardModel();
    ForwardModel fromInline = OnnxModelImporter.load(TestModels.write(inline, dir, "inline.onnx")).toForwardModel();
    for (TensorProto t : fromExternal.model().getGraph().getInitializerList()) {
      assertEquals(TensorProto.DataLocation.DEFAULT, t.getDataLocation(), t.getName());
      assertArrayEquals(Tensors.toFloats(OnnxModelImporterTest.initializer(fromInline.model().getGraph(),
          t.getName())), Tensors.toFloats(t), t.getName());
    }
    assertEquals(evalLoss(fromInline, dir.resolve("a")), evalLoss(fromExternal, dir.resolve("b")));
  }

  @Test
  void aMissingDataFileIsReported() throws IOException {
    Path file = writeWithExternalData(TestModels.model(TestModels.mlp(), "logits"), dir.resolve("broken"));
    Files.delete(dir.resolve("broken").resolve("weights.bin"));
    ModelImportException e = assertThrows(ModelImportException.class,
        () -> OnnxModelImporter.load(file).toForwardModel());
    assertTrue(e.getMessage().contains("fc1.weight") && e.getMessage().contains("external file")
        && e.getMessage().contains("weights.bin"), e.getMessage());
  }

  private static float evalLoss(ForwardModel model, Path artifacts) {
    ArtifactPaths paths = ArtifactBuilder.forModel(model).loss(CrossEntropyLoss.create()).build().writeTo(artifacts);
    try (TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), 0.01f);
        OnnxTensor x = s.floatTensor(FloatBuffer.wrap(TestModels.random(8, 9)), 2, 4);
        OnnxTensor y = s.longTensor(LongBuffer.wrap(new long[] {0, 2}), 2)) {
      StepResult r = s.evalStep(Map.of("input", x, "target", y));
      assertTrue(r.loss() > 0, "loss " + r.loss());
      return r.loss();
    }
  }
}
