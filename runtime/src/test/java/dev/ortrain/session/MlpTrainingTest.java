package dev.ortrain.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.testing.TestModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: a hand-written MLP graph, generated artifacts, a real ONNX Runtime training session. */
class MlpTrainingTest {
  @TempDir Path dir;

  @Test
  void trainsAnMlpWithAdamW() {
    ArtifactPaths paths = ArtifactBuilder.forModel(TestModels.mlp(1)).loss(CrossEntropyLoss.create())
        .optimizer(Optimizer.AdamW.defaults()).build().writeTo(dir);
    int batch = 32;
    FloatBuffer x = ByteBuffer.allocateDirect(batch * 4 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    LongBuffer y = ByteBuffer.allocateDirect(batch * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
    Random r = new Random(7);
    try (TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), 0.01f);
        OnnxTensor xt = s.floatTensor(x, batch, 4);
        OnnxTensor yt = s.longTensor(y, batch)) {
      assertEquals(List.of("input", "target"), s.dataInputNames());
      float first = Float.NaN;
      float last = Float.NaN;
      for (int step = 0; step < 150; step++) {
        TestModels.data(r, x, y, batch);
        StepResult res = s.trainStep(Map.of("target", yt, "input", xt));
        s.optimizerStep();
        s.resetGradients();
        if (step == 0) {
          first = res.loss();
          assertTrue(res.gradNorm() > 0, "gradient norm is reported");
          assertArrayEquals(new long[] {batch, 3}, res.predictionShape());
        }
        last = res.loss();
      }
      assertTrue(first > 0.8f, "initial loss near ln 3, was " + first);
      assertTrue(last < 0.1f, "loss after training should be small, was " + last);
      TestModels.data(r, x, y, batch);
      StepResult eval = s.evalStep(Map.of("input", xt, "target", yt));
      assertTrue(eval.loss() < 0.1f, "eval loss " + eval.loss());
    }
  }
}
