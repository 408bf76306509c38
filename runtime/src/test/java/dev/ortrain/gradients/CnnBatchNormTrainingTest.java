package dev.ortrain.gradients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.checkpoint.NamedTensor;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.ort.NativeLibrary;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.StepResult;
import dev.ortrain.session.TrainingSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: Conv → BatchNormalization → Relu → MaxPool → Flatten → Gemm trains, the training graph
 * updates the batch-norm running statistics in the checkpoint, and the eval model normalizes with them.
 */
class CnnBatchNormTrainingTest {
  static final int BATCH = 16;
  static final List<String> TRAINABLE =
      List.of("conv.weight", "conv.bias", "bn.scale", "bn.bias", "fc.weight", "fc.bias");
  static final List<String> RUNNING_STATS = List.of("bn.running_mean", "bn.running_var");

  @TempDir Path dir;

  static ForwardModel cnn() {
    Random r = new Random(3);
    GraphBuilder g = new GraphBuilder("cnn");
    g.input("input", TensorType.floats(Shape.batched(1, 6, 6)));
    g.initializer(Tensors.floats("conv.weight", new long[] {4, 1, 3, 3}, randn(r, 36, 0.4f)));
    g.initializer(Tensors.floats("conv.bias", new long[] {4}, new float[4]));
    g.initializer(Tensors.floats("bn.scale", new long[] {4}, 1f, 1f, 1f, 1f));
    g.initializer(Tensors.floats("bn.bias", new long[] {4}, new float[4]));
    g.initializer(Tensors.floats("bn.running_mean", new long[] {4}, new float[4]));
    g.initializer(Tensors.floats("bn.running_var", new long[] {4}, 1f, 1f, 1f, 1f));
    g.initializer(Tensors.floats("fc.weight", new long[] {3, 36}, randn(r, 108, 0.2f)));
    g.initializer(Tensors.floats("fc.bias", new long[] {3}, new float[3]));
    g.node("Conv").inputs("input", "conv.weight", "conv.bias").ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1)
        .outputs("conv_out");
    g.valueType("conv_out", TensorType.floats(Shape.batched(4, 6, 6)));
    g.node("BatchNormalization").inputs("conv_out", "bn.scale", "bn.bias", "bn.running_mean", "bn.running_var")
        .attr("epsilon", 1e-5f).attr("momentum", 0.9f).outputs("bn_out");
    g.valueType("bn_out", TensorType.floats(Shape.batched(4, 6, 6)));
    g.node("Relu").inputs("bn_out").outputs("relu_out");
    g.valueType("relu_out", TensorType.floats(Shape.batched(4, 6, 6)));
    g.node("MaxPool").inputs("relu_out").ints("kernel_shape", 2, 2).ints("strides", 2, 2).outputs("pool_out");
    g.valueType("pool_out", TensorType.floats(Shape.batched(4, 3, 3)));
    g.node("Flatten").inputs("pool_out").attr("axis", 1L).outputs("flat");
    g.valueType("flat", TensorType.floats(Shape.batched(36)));
    g.node("Gemm").inputs("flat", "fc.weight", "fc.bias").attr("transB", 1L).outputs("logits");
    g.output("logits", TensorType.floats(Shape.batched(3)));
    return new ForwardModel(OnnxModels.model(g.build(), Map.of()), "logits", TRAINABLE, RUNNING_STATS);
  }

  static float[] randn(Random r, int n, float std) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian() * std;
    }
    return v;
  }

  /** 6×6 images on a bright background (so batch statistics matter): a row, a column or the diagonal. */
  static void batch(Random r, float[] x, long[] y) {
    for (int i = 0; i < y.length; i++) {
      int c = r.nextInt(3);
      int at = r.nextInt(6);
      for (int row = 0; row < 6; row++) {
        for (int col = 0; col < 6; col++) {
          boolean on = c == 0 ? row == at : c == 1 ? col == at : row == col;
          x[i * 36 + row * 6 + col] = 2f + (on ? 1.5f : 0f) + (float) r.nextGaussian() * 0.2f;
        }
      }
      y[i] = c;
    }
  }

  @Test
  void trainsAndKeepsRunningStatisticsForEval() throws OrtException {
    ArtifactPaths paths = ArtifactBuilder.forModel(cnn()).loss(CrossEntropyLoss.create())
        .optimizer(Optimizer.AdamW.defaults()).build().writeTo(dir);
    OrtEnvironment env = NativeLibrary.environment();
    Random r = new Random(11);
    float[] x = new float[BATCH * 36];
    long[] y = new long[BATCH];
    try (TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), 0.02f)) {
      float first = Float.NaN;
      float last = Float.NaN;
      for (int step = 0; step < 80; step++) {
        batch(r, x, y);
        try (OnnxTensor xt = images(env, x); OnnxTensor yt = labels(env, y)) {
          StepResult res = s.trainStep(feed(xt, yt));
          s.optimizerStep();
          s.resetGradients();
          first = step == 0 ? res.loss() : first;
          last = res.loss();
        }
      }
      assertTrue(last < 0.25f * first, "loss should fall well below its start " + first + ", was " + last);

      OrtCheckpoint trained = s.snapshot();
      float[] mean = trained.parameters().get("bn.running_mean").toFloats();
      float[] variance = trained.parameters().get("bn.running_var").toFloats();
      for (int c = 0; c < 4; c++) {
        assertTrue(Math.abs(mean[c]) > 1e-2, "running mean of channel " + c + " was updated: " + mean[c]);
        assertTrue(Math.abs(variance[c] - 1) > 1e-3, "running var of channel " + c + " was updated: " + variance[c]);
      }

      batch(r, x, y);
      try (OnnxTensor xt = images(env, x); OnnxTensor yt = labels(env, y)) {
        StepResult eval = s.evalStep(feed(xt, yt));
        assertTrue(accuracy(eval.prediction(), y) >= 0.9, "eval accuracy " + accuracy(eval.prediction(), y));
        // The eval model normalizes with the checkpoint's running statistics: recomputing its logits from
        // the saved parameters gives the same numbers, and the initial statistics give other numbers.
        Map<String, float[]> params = new LinkedHashMap<>();
        trained.parameters().forEach((name, t) -> params.put(name, t.toFloats()));
        assertArrayEquals(eval.prediction(), evalLogits(env, paths, xt, yt, params), 1e-4f);
        params.put("bn.running_mean", new float[4]);
        params.put("bn.running_var", new float[] {1, 1, 1, 1});
        float[] withInitialStats = evalLogits(env, paths, xt, yt, params);
        assertTrue(maxDifference(eval.prediction(), withInitialStats) > 0.1f,
            "eval logits must depend on the running statistics");
      }
    }
  }

  private static float[] evalLogits(OrtEnvironment env, ArtifactPaths paths, OnnxTensor x, OnnxTensor y,
      Map<String, float[]> params) throws OrtException {
    OrtCheckpoint initial = cnnCheckpoint();
    Map<String, OnnxTensor> feed = new LinkedHashMap<>();
    feed.put("input", x);
    feed.put("target", y);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      // Conv+BN fusion off: the plain session must compute exactly what the eval model computes.
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      try (OrtSession session = env.createSession(paths.evalModel().toString(), options)) {
        List<OnnxTensor> owned = new ArrayList<>();
        try {
          for (NamedTensor t : initial.parameters().values()) {
            OnnxTensor v = OnnxTensor.createTensor(env, FloatBuffer.wrap(params.get(t.name())), t.dims());
            owned.add(v);
            feed.put(t.name(), v);
          }
          try (OrtSession.Result r = session.run(feed, Set.of("logits"))) {
            FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] out = new float[b.remaining()];
            b.get(out);
            return out;
          }
        } finally {
          owned.forEach(OnnxTensor::close);
        }
      }
    }
  }

  private static OrtCheckpoint cnnCheckpoint() {
    return ArtifactBuilder.forModel(cnn()).loss(CrossEntropyLoss.create()).build().checkpoint();
  }

  private static Map<String, OnnxTensor> feed(OnnxTensor x, OnnxTensor y) {
    Map<String, OnnxTensor> m = new LinkedHashMap<>();
    m.put("input", x);
    m.put("target", y);
    return m;
  }

  private static OnnxTensor images(OrtEnvironment env, float[] x) throws OrtException {
    return OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {BATCH, 1, 6, 6});
  }

  private static OnnxTensor labels(OrtEnvironment env, long[] y) throws OrtException {
    return OnnxTensor.createTensor(env, LongBuffer.wrap(y), new long[] {BATCH});
  }

  private static double accuracy(float[] logits, long[] y) {
    int correct = 0;
    for (int i = 0; i < y.length; i++) {
      int best = 0;
      for (int c = 1; c < 3; c++) {
        best = logits[i * 3 + c] > logits[i * 3 + best] ? c : best;
      }
      correct += best == y[i] ? 1 : 0;
    }
    return correct / (double) y.length;
  }

  private static float maxDifference(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
