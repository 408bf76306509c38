package dev.ortrain.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.graph.Shape;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.StepResult;
import dev.ortrain.session.TrainingSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models defined with the nn API, trained through generated artifacts in a real ONNX Runtime session. */
class NnTrainingTest {
  private static final int BATCH = 32;
  private static final int CLASSES = 3;

  @TempDir Path dir;

  /** Writes one batch of inputs and class labels into x and y. */
  interface Data {
    void fill(Random r, FloatBuffer x, LongBuffer y);
  }

  /** Three Gaussian clusters in 6-D, one per class. */
  private static void clusters(Random r, FloatBuffer x, LongBuffer y) {
    for (int i = 0; i < BATCH; i++) {
      int c = r.nextInt(CLASSES);
      for (int j = 0; j < 6; j++) {
        x.put(i * 6 + j, (float) (r.nextGaussian() * 0.5 + (j % CLASSES == c ? 1.5 : 0)));
      }
      y.put(i, c);
    }
  }

  /** 8x8 noisy images: a horizontal bar (class 0), a vertical bar (1) or a diagonal (2), anywhere. */
  private static void patterns(Random r, FloatBuffer x, LongBuffer y) {
    for (int i = 0; i < BATCH; i++) {
      int c = r.nextInt(CLASSES);
      int at = 1 + r.nextInt(6);
      for (int row = 0; row < 8; row++) {
        for (int col = 0; col < 8; col++) {
          boolean on = switch (c) {
            case 0 -> row == at && col >= 1 && col <= 6;
            case 1 -> col == at && row >= 1 && row <= 6;
            default -> row - col == at - 3;
          };
          x.put(i * 64 + row * 8 + col, (float) ((on ? 1 : 0) + r.nextGaussian() * 0.2));
        }
      }
      y.put(i, c);
    }
  }

  private record Run(float firstLoss, float lastLoss, float evalLoss, float evalAccuracy) {}

  private Run train(ForwardModel model, long[] inputShape, Data data, int steps, float lr) {
    ArtifactPaths paths = ArtifactBuilder.forModel(model).loss(CrossEntropyLoss.create())
        .optimizer(Optimizer.AdamW.defaults()).build().writeTo(dir);
    int perSample = (int) (inputShape.length == 1 ? inputShape[0] : inputShape[0] * inputShape[1] * inputShape[2]);
    FloatBuffer x = ByteBuffer.allocateDirect(BATCH * perSample * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    LongBuffer y = ByteBuffer.allocateDirect(BATCH * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
    long[] batchShape = new long[inputShape.length + 1];
    batchShape[0] = BATCH;
    System.arraycopy(inputShape, 0, batchShape, 1, inputShape.length);
    Random r = new Random(11);
    try (TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), lr);
        OnnxTensor xt = s.floatTensor(x, batchShape);
        OnnxTensor yt = s.longTensor(y, BATCH)) {
      Map<String, OnnxTensor> inputs = Map.of("input", xt, "target", yt);
      float first = Float.NaN;
      float recent = 0;
      for (int step = 0; step < steps; step++) {
        data.fill(r, x, y);
        StepResult res = s.trainStep(inputs);
        s.optimizerStep();
        s.resetGradients();
        if (step == 0) {
          first = res.loss();
        }
        if (step >= steps - 10) {
          recent += res.loss() / 10; // the mean of the last steps, less noisy than one batch
        }
      }
      data.fill(r, x, y);
      StepResult eval = s.evalStep(inputs);
      assertEveryParameterMoved(model, s);
      return new Run(first, recent, eval.loss(), accuracy(eval, y));
    }
  }

  /** Gradients reach every layer, the first convolution included. */
  private static void assertEveryParameterMoved(ForwardModel model, TrainingSession s) {
    OrtCheckpoint trained = s.snapshot();
    for (String p : model.trainable()) {
      float[] before = OrtRunner.parameter(model, p);
      float[] after = trained.parameter(p).toFloats();
      double change = 0;
      for (int i = 0; i < before.length; i++) {
        change = Math.max(change, Math.abs(after[i] - before[i]));
      }
      assertTrue(change > 1e-3, p + " changed by at most " + change);
    }
  }

  private static float accuracy(StepResult eval, LongBuffer y) {
    assertEquals(BATCH * CLASSES, eval.prediction().length);
    int correct = 0;
    for (int i = 0; i < BATCH; i++) {
      int best = 0;
      for (int c = 1; c < CLASSES; c++) {
        if (eval.prediction()[i * CLASSES + c] > eval.prediction()[i * CLASSES + best]) {
          best = c;
        }
      }
      correct += best == y.get(i) ? 1 : 0;
    }
    return correct / (float) BATCH;
  }

  @Test
  void trainsAnMlp() {
    ForwardModel mlp = Sequential.of(new Linear(6, 32), new ReLU(), new Linear(32, 16).named("hidden"), new ReLU(),
        new Linear(16, CLASSES)).build(Shape.batched(6), 1);
    Run run = train(mlp, new long[] {6}, NnTrainingTest::clusters, 120, 0.01f);
    assertTrue(run.firstLoss() > 0.8f, "initial loss near ln 3, was " + run.firstLoss());
    assertTrue(run.lastLoss() < 0.05f, "loss after training " + run.lastLoss());
    assertTrue(run.evalAccuracy() >= 0.9f, "eval accuracy " + run.evalAccuracy());
  }

  @Test
  void trainsACnnWithStrideAndPadding() {
    ForwardModel cnn = Sequential.of(
        new Conv2d(1, 8, 3).padding(1), new ReLU(), new MaxPool2d(2),
        new Conv2d(8, 16, 3).padding(1), new ReLU(), new MaxPool2d(3).stride(2).padding(1),
        new Flatten(), new Linear(64, 32), new ReLU(), new Linear(32, CLASSES)).build(Shape.batched(1, 8, 8), 2);
    Run run = train(cnn, new long[] {1, 8, 8}, NnTrainingTest::patterns, 150, 0.005f);
    assertTrue(run.firstLoss() > 0.9f, "initial loss near ln 3, was " + run.firstLoss());
    assertTrue(run.lastLoss() < 0.02f, "loss after training " + run.lastLoss());
    assertTrue(run.evalLoss() < 0.05f, "eval loss " + run.evalLoss());
    assertTrue(run.evalAccuracy() >= 0.95f, "eval accuracy " + run.evalAccuracy());
  }

  @Test
  void aFrozenLayerKeepsItsValues() {
    ForwardModel mlp = Sequential.of(new Linear(6, 16).named("features").freeze(), new ReLU(),
        new Linear(16, CLASSES)).build(Shape.batched(6), 3);
    ArtifactPaths paths = ArtifactBuilder.forModel(mlp).loss(CrossEntropyLoss.create()).build().writeTo(dir);
    FloatBuffer x = ByteBuffer.allocateDirect(BATCH * 6 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    LongBuffer y = ByteBuffer.allocateDirect(BATCH * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
    try (TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), 0.01f);
        OnnxTensor xt = s.floatTensor(x, BATCH, 6);
        OnnxTensor yt = s.longTensor(y, BATCH)) {
      Random r = new Random(5);
      for (int step = 0; step < 5; step++) {
        clusters(r, x, y);
        s.trainStep(Map.of("input", xt, "target", yt));
        s.optimizerStep();
        s.resetGradients();
      }
      OrtCheckpoint trained = s.snapshot();
      assertArrayEquals(OrtRunner.parameter(mlp, "features.weight"), trained.parameter("features.weight").toFloats());
      assertArrayEquals(OrtRunner.parameter(mlp, "features.bias"), trained.parameter("features.bias").toFloats());
      assertFalse(Arrays.equals(OrtRunner.parameter(mlp, "2.weight"), trained.parameter("2.weight").toFloats()));
    }
  }
}
