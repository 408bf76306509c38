package dev.ortrain.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.graph.Shape;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.nn.Dropout;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;
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

/** Dropout through the whole stack: masks fed by the session, dropout off in eval, exact resume. */
class DropoutTrainingTest {
  @TempDir Path dir;
  static final SessionConfig CONFIG = SessionConfig.defaults().withThreads(1).withSeed(11);

  static ArtifactPaths artifacts(Path dir) {
    Sequential model = Sequential.of(new Linear(4, 32), new ReLU(), new Dropout(0.5f), new Linear(32, 3));
    return ArtifactBuilder.forModel(model.build(Shape.batched(4), 5L)).loss(CrossEntropyLoss.create())
        .build().writeTo(dir.resolve("artifacts"));
  }

  private ArtifactPaths artifacts() {
    return artifacts(dir);
  }

  static float step(TrainingSession s, int seed) {
    FloatBuffer x = ByteBuffer.allocateDirect(16 * 16).order(ByteOrder.nativeOrder()).asFloatBuffer();
    LongBuffer y = ByteBuffer.allocateDirect(16 * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
    TestModels.data(new Random(seed), x, y, 16);
    try (OnnxTensor xt = s.floatTensor(x, 16, 4); OnnxTensor yt = s.longTensor(y, 16)) {
      float loss = s.trainStep(Map.of("input", xt, "target", yt)).loss();
      s.optimizerStep();
      s.resetGradients();
      return loss;
    }
  }

  private static float eval(TrainingSession s) {
    FloatBuffer x = ByteBuffer.allocateDirect(16 * 16).order(ByteOrder.nativeOrder()).asFloatBuffer();
    LongBuffer y = ByteBuffer.allocateDirect(16 * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
    TestModels.data(new Random(1234), x, y, 16);
    try (OnnxTensor xt = s.floatTensor(x, 16, 4); OnnxTensor yt = s.longTensor(y, 16)) {
      return s.evalStep(Map.of("input", xt, "target", yt)).loss();
    }
  }

  @Test
  void masksAreFedAutomaticallyAndEvalIsDeterministic() {
    try (TrainingSession s = TrainingSession.open(artifacts(), CONFIG, 0.01f)) {
      assertEquals(List.of("input", "target"), s.dataInputNames(), "the caller never sees mask inputs");
      float first = step(s, 0);
      float last = first;
      for (int i = 1; i < 150; i++) {
        last = step(s, i);
      }
      assertEquals(150, s.trainSteps());
      assertTrue(last < first * 0.5f, "loss " + first + " -> " + last);
      assertEquals(eval(s), eval(s), "no dropout in the eval model");
    }
  }

  @Test
  void resumedRunDrawsTheSameMasks() {
    ArtifactPaths paths = artifacts();
    Path ckpt = dir.resolve("after3");
    OrtCheckpoint straight;
    long steps;
    try (TrainingSession s = TrainingSession.open(paths, CONFIG, 0.01f)) {
      for (int i = 0; i < 6; i++) {
        step(s, i);
        if (i == 2) {
          s.saveCheckpoint(ckpt, true);
          steps = s.trainSteps();
          assertEquals(3, steps);
        }
      }
      straight = s.snapshot();
    }
    try (TrainingSession s = TrainingSession.open(paths.withCheckpoint(ckpt), CONFIG, 0.01f)) {
      s.restoreTrainSteps(3);
      for (int i = 3; i < 6; i++) {
        step(s, i);
      }
      assertEquals(straight.trainable(), s.snapshot().trainable(), "bit-identical parameters");
    }
    try (TrainingSession s = TrainingSession.open(paths.withCheckpoint(ckpt), CONFIG, 0.01f)) {
      for (int i = 3; i < 6; i++) {
        step(s, i); // masks of steps 0..2 instead of 3..5
      }
      assertNotEquals(straight.trainable(), s.snapshot().trainable(), "the step counter selects the masks");
    }
  }
}
