package dev.ortrain.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import dev.ortrain.checkpoint.NamedTensor;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.testing.TestModels;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.TrainingSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SGD with momentum, weight decay and Nesterov against PyTorch's update formulas, step by step. */
class SgdMomentumTest {
  @TempDir Path dir;
  static final SessionConfig CONFIG = SessionConfig.defaults().withThreads(1);
  static final float LR = 0.1f;

  private FloatBuffer x;
  private LongBuffer y;

  private void batch(int seed) {
    x = ByteBuffer.allocateDirect(16 * 16).order(ByteOrder.nativeOrder()).asFloatBuffer();
    y = ByteBuffer.allocateDirect(16 * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
    TestModels.data(new Random(seed), x, y, 16);
  }

  private void step(TrainingSession s) {
    try (OnnxTensor xt = s.floatTensor(x, 16, 4); OnnxTensor yt = s.longTensor(y, 16)) {
      s.trainStep(Map.of("input", xt, "target", yt));
      s.optimizerStep();
      s.resetGradients();
    }
  }

  /** The gradient at the given parameters on the current batch: one plain-SGD step at lr 1. */
  private Map<String, float[]> gradientAt(List<NamedTensor> params, int probe) {
    Path probeDir = dir.resolve("probe" + probe);
    ArtifactPaths paths = ArtifactBuilder.forModel(TestModels.mlp(3)).loss(CrossEntropyLoss.create())
        .optimizer(Optimizer.Sgd.plain()).build().writeTo(probeDir);
    OrtCheckpoint.ofParameters(params, List.of()).write(paths.checkpoint());
    try (TrainingSession s = TrainingSession.open(paths, CONFIG, 1f)) {
      step(s);
      OrtCheckpoint after = s.snapshot();
      Map<String, float[]> g = new LinkedHashMap<>();
      for (NamedTensor p : params) {
        float[] before = p.toFloats();
        float[] now = after.parameter(p.name()).toFloats();
        float[] d = new float[before.length];
        for (int i = 0; i < d.length; i++) {
          d[i] = before[i] - now[i];
        }
        g.put(p.name(), d);
      }
      return g;
    }
  }

  @ParameterizedTest
  @CsvSource({"0.9, 0.0, false", "0.9, 0.01, false", "0.8, 0.05, true", "0.0, 0.1, false"})
  void matchesPyTorchSgd(float momentum, float decay, boolean nesterov) {
    ArtifactPaths paths = ArtifactBuilder.forModel(TestModels.mlp(3)).loss(CrossEntropyLoss.create())
        .optimizer(new Optimizer.Sgd(momentum, decay, nesterov)).build().writeTo(dir.resolve("sgd"));
    Map<String, float[]> velocity = new LinkedHashMap<>();
    try (TrainingSession s = TrainingSession.open(paths, CONFIG, LR)) {
      for (int t = 0; t < 3; t++) {
        batch(t);
        List<NamedTensor> params = s.snapshot().trainable();
        Map<String, float[]> grads = gradientAt(params, t);
        step(s);
        OrtCheckpoint after = s.snapshot();
        for (NamedTensor p : params) {
          float[] w = p.toFloats();
          float[] g = grads.get(p.name());
          float[] v = velocity.computeIfAbsent(p.name(), k -> new float[w.length]);
          float[] actual = after.parameter(p.name()).toFloats();
          for (int i = 0; i < w.length; i++) {
            float gi = g[i] + decay * w[i];
            v[i] = t == 0 ? gi : momentum * v[i] + gi;
            float update = nesterov ? gi + momentum * v[i] : (momentum > 0 ? v[i] : gi);
            float expected = w[i] - LR * update;
            assertEquals(expected, actual[i], 2e-5f, p.name() + "[" + i + "] at step " + t);
          }
          if (momentum > 0) {
            float[] stored = after.parameter(p.name() + ".momentum").toFloats();
            for (int i = 0; i < v.length; i++) {
              assertEquals(v[i], stored[i], 2e-5f, "stored momentum of " + p.name());
            }
          }
        }
      }
    }
  }

  @Test
  void momentumResumesExactlyFromACheckpoint() {
    ArtifactPaths paths = ArtifactBuilder.forModel(TestModels.mlp(3)).loss(CrossEntropyLoss.create())
        .optimizer(Optimizer.Sgd.withMomentum(0.9f)).build().writeTo(dir.resolve("resume"));
    Path ckpt = dir.resolve("resume/after2");
    OrtCheckpoint straight;
    try (TrainingSession s = TrainingSession.open(paths, CONFIG, LR)) {
      for (int t = 0; t < 4; t++) {
        batch(t);
        step(s);
        if (t == 1) {
          s.saveCheckpoint(ckpt, true);
        }
      }
      straight = s.snapshot();
    }
    try (TrainingSession s = TrainingSession.open(paths.withCheckpoint(ckpt), CONFIG, LR)) {
      for (int t = 2; t < 4; t++) {
        batch(t);
        step(s);
      }
      assertEquals(straight.trainable(), s.snapshot().trainable());
      assertEquals(straight.frozen(), s.snapshot().frozen());
    }
  }

  @Test
  void rejectsInvalidSettings() {
    assertThrows(IllegalArgumentException.class, () -> new Optimizer.Sgd(1f, 0f, false));
    assertThrows(IllegalArgumentException.class, () -> new Optimizer.Sgd(0.5f, -1f, false));
    IllegalArgumentException nesterov =
        assertThrows(IllegalArgumentException.class, () -> new Optimizer.Sgd(0f, 0f, true));
    assertTrue(nesterov.getMessage().contains("momentum > 0"));
    IllegalStateException clip = assertThrows(IllegalStateException.class,
        () -> ArtifactBuilder.forModel(TestModels.mlp(3)).loss(CrossEntropyLoss.create())
            .optimizer(Optimizer.Sgd.withMomentum(0.9f)).clipGradNorm(1f).build());
    assertTrue(clip.getMessage().contains("clipGradNorm cannot be combined"));
    assertEquals("sgd(momentum=0.9, weight_decay=0.0, nesterov=false)", Optimizer.Sgd.withMomentum(0.9f).describe());
    assertThrows(IllegalArgumentException.class, () -> new Optimizer.AdamW(1f, 0.999f, 1e-8f, 0f, true));
  }
}
