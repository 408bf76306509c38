package dev.ortrain.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.loss.CrossEntropyLoss;
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

  static ForwardModel mlp(long seed) {
    Random r = new Random(seed);
    GraphBuilder g = new GraphBuilder("mlp");
    g.input("input", TensorType.floats(Shape.batched(4)));
    g.initializer(Tensors.floats("fc1.weight", new long[] {16, 4}, randn(r, 64, 0.5f)));
    g.initializer(Tensors.floats("fc1.bias", new long[] {16}, new float[16]));
    g.initializer(Tensors.floats("fc2.weight", new long[] {3, 16}, randn(r, 48, 0.25f)));
    g.initializer(Tensors.floats("fc2.bias", new long[] {3}, new float[3]));
    g.node("Gemm").inputs("input", "fc1.weight", "fc1.bias").attr("transB", 1L).outputs("h");
    g.valueType("h", TensorType.floats(Shape.batched(16)));
    g.node("Relu").inputs("h").outputs("h_relu");
    g.valueType("h_relu", TensorType.floats(Shape.batched(16)));
    g.node("Gemm").inputs("h_relu", "fc2.weight", "fc2.bias").attr("transB", 1L).outputs("logits");
    g.output("logits", TensorType.floats(Shape.batched(3)));
    return new ForwardModel(OnnxModels.model(g.build(), Map.of()), "logits",
        List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), List.of());
  }

  static float[] randn(Random r, int n, float std) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian() * std;
    }
    return v;
  }

  /** Three separable clusters in 4-D. */
  static void data(Random r, FloatBuffer x, LongBuffer y, int n) {
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(3);
      for (int j = 0; j < 4; j++) {
        x.put(i * 4 + j, (float) (r.nextGaussian() * 0.3 + (j == c ? 2 : 0)));
      }
      y.put(i, c);
    }
  }

  @Test
  void trainsAnMlpWithAdamW() {
    ArtifactPaths paths = ArtifactBuilder.forModel(mlp(1)).loss(CrossEntropyLoss.create())
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
        data(r, x, y, batch);
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
      data(r, x, y, batch);
      StepResult eval = s.evalStep(Map.of("input", xt, "target", yt));
      assertTrue(eval.loss() < 0.1f, "eval loss " + eval.loss());
    }
  }
}
