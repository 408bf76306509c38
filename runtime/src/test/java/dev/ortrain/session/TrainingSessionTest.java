package dev.ortrain.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.artifacts.TrainingArtifacts;
import dev.ortrain.checkpoint.NamedTensor;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.testing.TestModels;
import dev.ortrain.ort.NativeLibrary;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSessionTest {
  @TempDir Path dir;

  static final SessionConfig ONE_THREAD = SessionConfig.defaults().withThreads(1);

  /** A batch of the MLP test's data in direct buffers, and tensors over them. */
  static final class Batch implements AutoCloseable {
    final FloatBuffer x;
    final LongBuffer y;
    final OnnxTensor xt;
    final OnnxTensor yt;

    Batch(TrainingSession s, int n, long seed) {
      x = ByteBuffer.allocateDirect(n * 16).order(ByteOrder.nativeOrder()).asFloatBuffer();
      y = ByteBuffer.allocateDirect(n * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
      TestModels.data(new Random(seed), x, y, n);
      xt = s.floatTensor(x, n, 4);
      yt = s.longTensor(y, n);
    }

    Map<String, OnnxTensor> feeds() {
      return Map.of("input", xt, "target", yt);
    }

    @Override
    public void close() {
      xt.close();
      yt.close();
    }
  }

  private ArtifactPaths artifacts(Optimizer optimizer) {
    return ArtifactBuilder.forModel(TestModels.mlp(3)).loss(CrossEntropyLoss.create()).optimizer(optimizer)
        .build().writeTo(dir.resolve("artifacts"));
  }

  private static void steps(TrainingSession s, int from, int to) {
    for (int i = from; i < to; i++) {
      try (Batch b = new Batch(s, 16, i)) {
        s.trainStep(b.feeds());
        s.optimizerStep();
        s.resetGradients();
      }
    }
  }

  @Test
  void tuningOptionsGiveTheSameTraining() {
    ArtifactPaths paths = artifacts(Optimizer.AdamW.defaults());
    OrtCheckpoint plain;
    try (TrainingSession s = TrainingSession.open(paths, ONE_THREAD, 0.005f)) {
      steps(s, 0, 3);
      plain = s.snapshot();
    }
    OrtTuning tuning = OrtTuning.defaults()
        .withOptimizationLevel(ai.onnxruntime.OrtSession.SessionOptions.OptLevel.BASIC_OPT)
        .withParallelExecution(true).withAllowSpinning(false);
    SessionConfig tuned = ONE_THREAD.withInterOpThreads(1).withTuning(tuning);
    assertEquals(tuning, tuned.tuning());
    try (TrainingSession s = TrainingSession.open(paths, tuned, 0.005f)) {
      steps(s, 0, 3);
      for (var e : plain.parameters().entrySet()) {
        assertArrayEquals(e.getValue().toFloats(), s.snapshot().parameters().get(e.getKey()).toFloats(), 1e-6f);
      }
    }
    try (TrainingSession s = TrainingSession.open(paths, ONE_THREAD.withTuning(OrtTuning.onnxRuntimeDefaults()
        .withAllowSpinning(true)), 0.005f)) {
      steps(s, 0, 1);
    }
    assertThrows(IllegalArgumentException.class, () -> ONE_THREAD.withTuning(null));
  }

  @Test
  void artifactsAreDeterministic() {
    TrainingArtifacts a = ArtifactBuilder.forModel(TestModels.mlp(3)).loss(CrossEntropyLoss.create()).build();
    TrainingArtifacts b = ArtifactBuilder.forModel(TestModels.mlp(3)).loss(CrossEntropyLoss.create()).build();
    assertArrayEquals(a.trainingModel().toByteArray(), b.trainingModel().toByteArray());
    assertArrayEquals(a.evalModel().toByteArray(), b.evalModel().toByteArray());
    assertArrayEquals(a.optimizerModel().toByteArray(), b.optimizerModel().toByteArray());
    assertArrayEquals(a.checkpoint().toBytes(), b.checkpoint().toBytes());
  }

  @Test
  void checkpointResumeEqualsUninterruptedTraining() {
    ArtifactPaths paths = artifacts(Optimizer.AdamW.defaults());
    Path ckpt = dir.resolve("mid.ckpt");
    OrtCheckpoint uninterrupted;
    try (TrainingSession s = TrainingSession.open(paths, ONE_THREAD, 0.005f)) {
      steps(s, 0, 5);
      s.saveCheckpoint(ckpt, true);
      steps(s, 5, 10);
      uninterrupted = s.snapshot();
    }
    try (TrainingSession resumed = TrainingSession.open(paths.withCheckpoint(ckpt), ONE_THREAD, 0.005f)) {
      assertEquals(0.005f, resumed.learningRate());
      steps(resumed, 5, 10);
      OrtCheckpoint after = resumed.snapshot();
      assertEquals(uninterrupted.trainable(), after.trainable(), "parameters equal bit for bit");
      assertEquals(10, after.optimizer().orElseThrow().step());
      assertEquals(uninterrupted.optimizer().orElseThrow().momentsByParameter(),
          after.optimizer().orElseThrow().momentsByParameter());
    }
  }

  @Test
  void exportedInferenceModelMatchesEvalStep() throws Exception {
    ArtifactPaths paths = artifacts(Optimizer.AdamW.defaults());
    Path onnx = dir.resolve("export/model.onnx");
    float[] evalLogits;
    try (TrainingSession s = TrainingSession.open(paths, ONE_THREAD, 0.01f)) {
      steps(s, 0, 3);
      try (Batch b = new Batch(s, 8, 99)) {
        evalLogits = s.evalStep(b.feeds()).prediction();
        StepResult lossOnly = s.evalStep(b.feeds(), false);
        assertNull(lossOnly.prediction(), "not copied when not asked for");
        assertNull(lossOnly.predictionShape());
        assertEquals(s.evalStep(b.feeds()).loss(), lossOnly.loss());
      }
      s.exportInferenceModel(onnx);
    }
    var env = NativeLibrary.environment();
    try (OrtSession plain = env.createSession(onnx.toString(), new OrtSession.SessionOptions())) {
      assertEquals(java.util.Set.of("input"), plain.getInputNames());
      FloatBuffer x = ByteBuffer.allocateDirect(8 * 16).order(ByteOrder.nativeOrder()).asFloatBuffer();
      LongBuffer y = ByteBuffer.allocateDirect(8 * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
      TestModels.data(new Random(99), x, y, 8);
      try (OnnxTensor xt = OnnxTensor.createTensor(env, x, new long[] {8, 4});
          OrtSession.Result r = plain.run(Map.of("input", xt))) {
        FloatBuffer logits = ((OnnxTensor) r.get(0)).getFloatBuffer();
        float[] exported = new float[logits.remaining()];
        logits.get(exported);
        assertArrayEquals(evalLogits, exported);
      }
    }
  }

  @Test
  void accumulatingHalfBatchesWithLossScaleEqualsOneFullBatch() {
    ArtifactPaths paths = artifacts(Optimizer.AdamW.defaults());
    FloatBuffer x = ByteBuffer.allocateDirect(16 * 16).order(ByteOrder.nativeOrder()).asFloatBuffer();
    LongBuffer y = ByteBuffer.allocateDirect(16 * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
    TestModels.data(new Random(5), x, y, 16);
    OrtCheckpoint full;
    try (TrainingSession s = TrainingSession.open(paths, ONE_THREAD, 0.01f);
        OnnxTensor xt = s.floatTensor(x, 16, 4);
        OnnxTensor yt = s.longTensor(y, 16)) {
      s.trainStep(Map.of("input", xt, "target", yt));
      s.optimizerStep();
      full = s.snapshot();
    }
    try (TrainingSession s = TrainingSession.open(paths, ONE_THREAD, 0.01f);
        OnnxTensor x1 = s.floatTensor(x.slice(0, 32), 8, 4);
        OnnxTensor y1 = s.longTensor(y.slice(0, 8), 8);
        OnnxTensor x2 = s.floatTensor(x.slice(32, 32), 8, 4);
        OnnxTensor y2 = s.longTensor(y.slice(8, 8), 8)) {
      s.trainStep(Map.of("input", x1, "target", y1), 0.5f);
      s.trainStep(Map.of("input", x2, "target", y2), 0.5f);
      s.optimizerStep();
      OrtCheckpoint accumulated = s.snapshot();
      for (NamedTensor p : full.trainable()) {
        float[] a = p.toFloats();
        float[] b = accumulated.parameter(p.name()).toFloats();
        for (int i = 0; i < a.length; i++) {
          assertEquals(a[i], b[i], 1e-6f, p.name() + "[" + i + "]");
        }
      }
    }
  }

  @Test
  void clippingBoundsTheUpdateOfPlainSgd() {
    ArtifactPaths paths = ArtifactBuilder.forModel(TestModels.mlp(3)).loss(CrossEntropyLoss.create())
        .optimizer(new Optimizer.Sgd()).clipGradNorm(0.01f).build().writeTo(dir.resolve("clipped"));
    try (TrainingSession s = TrainingSession.open(paths, ONE_THREAD, 1f); Batch b = new Batch(s, 16, 1)) {
      OrtCheckpoint before = s.snapshot();
      float norm = s.trainStep(b.feeds()).gradNorm();
      assertTrue(norm > 0.01f, "the raw gradient norm exceeds the clip, was " + norm);
      s.optimizerStep();
      OrtCheckpoint after = s.snapshot();
      double sq = 0;
      for (NamedTensor p : before.trainable()) {
        float[] a = p.toFloats();
        float[] c = after.parameter(p.name()).toFloats();
        for (int i = 0; i < a.length; i++) {
          sq += (a[i] - c[i]) * (double) (a[i] - c[i]);
        }
      }
      assertEquals(0.01, Math.sqrt(sq), 1e-4, "with lr 1 the update's norm is the clipped gradient's");
    }
  }

  @Test
  void manyDifferentLossScalesDoNotAccumulateTensors() {
    try (TrainingSession s = TrainingSession.open(artifacts(new Optimizer.Sgd()), ONE_THREAD, 0.1f);
        Batch b = new Batch(s, 4, 1)) {
      float loss = Float.NaN;
      for (int i = 1; i <= 20; i++) {
        loss = s.trainStep(b.feeds(), 1f / i).loss(); // the cache keeps at most eight scale tensors
      }
      assertTrue(Float.isFinite(loss));
      assertEquals(20, s.trainSteps());
    }
  }

  @Test
  void reportsWrongInputsBeforeNativeCode() {
    ArtifactPaths paths = artifacts(new Optimizer.Sgd());
    try (TrainingSession s = TrainingSession.open(paths, ONE_THREAD, 0.1f); Batch b = new Batch(s, 4, 1)) {
      IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
          () -> s.trainStep(Map.of("input", b.xt)));
      assertTrue(missing.getMessage().contains("missing [target]"), missing.getMessage());
      assertTrue(missing.getMessage().startsWith("The train step needs inputs [input, target];"),
          "the loss scale the session feeds itself is not asked for: " + missing.getMessage());
      IllegalArgumentException evalMissing = assertThrows(IllegalArgumentException.class,
          () -> s.evalStep(Map.of("target", b.yt)));
      assertTrue(evalMissing.getMessage().startsWith("The eval step needs inputs [input, target]; missing [input]"),
          evalMissing.getMessage());
      IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
          () -> s.trainStep(Map.of("input", b.xt, "target", b.yt, "labels", b.yt)));
      assertTrue(unknown.getMessage().contains("not inputs of the model: [labels]"), unknown.getMessage());
      IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
          () -> s.trainStep(Map.of("input", b.yt, "target", b.yt)));
      assertTrue(type.getMessage().contains("must be FLOAT"), type.getMessage());
      try (OnnxTensor wrongShape = s.floatTensor(b.x, 8, 2)) {
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
            () -> s.evalStep(Map.of("input", wrongShape, "target", b.yt)));
        assertTrue(shape.getMessage().contains("must have shape [batch, 4], got [8, 2]"), shape.getMessage());
      }
      assertThrows(IllegalArgumentException.class, () -> s.setLearningRate(Float.NaN));
    }
  }

  @Test
  void missingAndCorruptArtifactsGetClearErrors() throws Exception {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> TrainingSession.open(ArtifactPaths.in(dir.resolve("none")), ONE_THREAD, 0.1f));
    assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
    ArtifactPaths paths = artifacts(new Optimizer.Sgd());
    Files.write(paths.checkpoint(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    IllegalArgumentException corrupt = assertThrows(IllegalArgumentException.class,
        () -> TrainingSession.open(paths, ONE_THREAD, 0.1f));
    assertTrue(corrupt.getMessage().contains("ODTC"), corrupt.getMessage());
  }

  @Test
  void closedSessionRefusesWork() {
    TrainingSession s = TrainingSession.open(artifacts(new Optimizer.Sgd()), ONE_THREAD, 0.1f);
    s.close();
    s.close();
    Map<String, OnnxTensor> none = Map.of();
    for (org.junit.jupiter.api.function.Executable work : java.util.List.<org.junit.jupiter.api.function.Executable>of(
        s::optimizerStep, s::resetGradients, s::learningRate, () -> s.setLearningRate(0.1f),
        () -> s.trainStep(none), () -> s.evalStep(none), () -> s.saveCheckpoint(dir.resolve("c.ckpt"), true),
        () -> s.exportInferenceModel(dir.resolve("m.onnx")))) {
      assertEquals("The training session is closed", assertThrows(IllegalStateException.class, work).getMessage());
    }
  }

  @Test
  void boundariesOfTheLearningRateAndTheStepCount() {
    try (TrainingSession s = TrainingSession.open(artifacts(new Optimizer.Sgd()), ONE_THREAD, 0.1f)) {
      s.setLearningRate(0f); // a learning rate of 0 is allowed: a frozen step, as PyTorch allows it
      assertEquals(0f, s.learningRate());
      assertThrows(IllegalArgumentException.class, () -> s.setLearningRate(-Float.MIN_VALUE));
      assertThrows(IllegalArgumentException.class, () -> s.setLearningRate(Float.POSITIVE_INFINITY));
      assertThrows(IllegalArgumentException.class, () -> s.setLearningRate(Float.NaN));
      s.restoreTrainSteps(0);
      assertEquals(0, s.trainSteps());
      assertEquals("steps must be >= 0, got -1",
          assertThrows(IllegalArgumentException.class, () -> s.restoreTrainSteps(-1)).getMessage());
    }
  }

  @Test
  void theSessionDescribesItsInputsAndWhereItCameFrom() {
    ArtifactPaths paths = artifacts(new Optimizer.Sgd());
    try (TrainingSession s = TrainingSession.open(paths, ONE_THREAD, 0.1f)) {
      assertEquals(java.util.List.of("input", "target", "loss_scale"), s.trainInputNames());
      assertEquals(java.util.List.of("input", "target"), s.dataInputNames());
      assertEquals(java.util.List.of("input", "target"), s.evalInputNames());
      assertEquals(dev.ortrain.graph.Shape.batched(4), s.inputType("input").orElseThrow().shape());
      assertTrue(s.inputType("nothing").isEmpty());
      assertEquals(paths, s.paths());
      assertEquals(ai.onnxruntime.OrtEnvironment.getEnvironment(), s.environment());
    }
  }

  @Test
  void configurationsChangeOneValueAtATime() {
    SessionConfig config = SessionConfig.defaults();
    assertEquals(new SessionConfig(dev.ortrain.ort.Device.cuda(1), 0, 0, 42L), config.withDevice(
        dev.ortrain.ort.Device.cuda(1)));
    assertEquals(7L, config.withSeed(7L).seed());
    assertEquals(3, config.withInterOpThreads(3).interOpThreads());
    assertEquals(false, OrtTuning.defaults().withBlockedLayout(false).blockedLayout());
    assertEquals(true, OrtTuning.onnxRuntimeDefaults().withBlockedLayout(true).blockedLayout());
  }
}
