package dev.ortrain.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactNames;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.TrainingArtifacts;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Tensors;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.testing.TestModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artifacts that ortrain did not write (as ONNX Runtime's Python tooling makes them): no ortrain metadata, no
 * loss-scale input. The session must train them as they are. Made here by stripping ortrain's additions,
 * since the Python tooling is not available offline.
 */
class ForeignArtifactsTest {
  @TempDir Path dir;

  private ArtifactPaths foreign() {
    TrainingArtifacts a = ArtifactBuilder.forModel(TestModels.mlp(3)).loss(CrossEntropyLoss.create()).build();
    ArtifactPaths paths = a.writeTo(dir);
    GraphProto.Builder g = a.trainingModel().getGraph().toBuilder();
    for (int i = 0; i < g.getInputCount(); i++) {
      if (g.getInput(i).getName().equals(ArtifactNames.LOSS_SCALE)) {
        g.removeInput(i);
        break;
      }
    }
    g.addInitializer(Tensors.floats(ArtifactNames.LOSS_SCALE, new long[0], 1f));
    ModelProto training = a.trainingModel().toBuilder().clearMetadataProps().setGraph(g).build();
    OnnxModels.write(training, paths.trainingModel());
    OnnxModels.write(a.evalModel().toBuilder().clearMetadataProps().build(), paths.evalModel());
    return paths;
  }

  @Test
  void trainsEvaluatesAndExportsWithoutOrtrainMetadata() throws Exception {
    ArtifactPaths paths = foreign();
    FloatBuffer x = ByteBuffer.allocateDirect(32 * 16).order(ByteOrder.nativeOrder()).asFloatBuffer();
    LongBuffer y = ByteBuffer.allocateDirect(32 * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
    TestModels.data(new Random(2), x, y, 32);
    try (TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), 0.01f);
        OnnxTensor xt = s.floatTensor(x, 32, 4);
        OnnxTensor yt = s.longTensor(y, 32)) {
      assertEquals(List.of("input", "target"), s.dataInputNames());
      assertTrue(!s.reportsGradNorm());
      float first = Float.NaN;
      float last = Float.NaN;
      for (int i = 0; i < 60; i++) {
        StepResult r = s.trainStep(Map.of("input", xt, "target", yt));
        s.optimizerStep();
        s.resetGradients();
        if (i == 0) {
          first = r.loss();
          assertEquals(32 * 3, r.prediction().length, "the first other float output is taken as the prediction");
        }
        last = r.loss();
      }
      assertTrue(last < first * 0.5f, first + " -> " + last);
      assertTrue(s.evalStep(Map.of("input", xt, "target", yt)).loss() < first);
      IllegalStateException noPrediction =
          assertThrows(IllegalStateException.class, () -> s.exportInferenceModel(dir.resolve("m.onnx")));
      assertTrue(noPrediction.getMessage().contains("pass the output names"), noPrediction.getMessage());
      s.exportInferenceModel(dir.resolve("m.onnx"), "logits");
      assertTrue(Files.size(dir.resolve("m.onnx")) > 0);
    }
  }
}
