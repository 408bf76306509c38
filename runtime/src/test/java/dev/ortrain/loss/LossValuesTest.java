package dev.ortrain.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.ort.NativeLibrary;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.TrainingSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loss values computed by the generated eval model equal PyTorch's definitions. Expected values were
 * computed by hand in double precision from those definitions (see each test).
 */
class LossValuesTest {
  @TempDir Path dir;

  static final float[] LOGITS = {1.0f, 2.0f, 0.5f, 0.1f, -1.0f, 2.0f, 0.3f, 0.3f, -0.7f};

  @Test
  void crossEntropyIsTheMeanNegativeLogLikelihood() {
    assertEquals(0.5027160245851031, crossEntropy(CrossEntropyLoss.create(), 1, 2, 0), 1e-6);
  }

  /** (1 − ε)·(−log p_target) + ε·mean_c(−log p_c), averaged over the batch. */
  @Test
  void labelSmoothingMixesInTheMeanOverClasses() {
    assertEquals(0.5960493579184365, crossEntropy(CrossEntropyLoss.create().labelSmoothing(0.1f), 1, 2, 0), 1e-6);
  }

  /** Ignored targets leave both terms and the count: the mean runs over samples 0 and 2 only. */
  @Test
  void labelSmoothingSkipsIgnoredTargets() {
    CrossEntropyLoss loss = CrossEntropyLoss.create().ignoreIndex(-1).labelSmoothing(0.2f);
    assertEquals(0.7798484607497648, crossEntropy(loss, 1, -1, 0), 1e-6);
    assertEquals("cross_entropy(ignore_index=-1, label_smoothing=0.2)", loss.describe());
  }

  /** ((0.5)² + (−2)² + (0.5)² + (−0.5)²) / 4. */
  @Test
  void meanSquaredError() {
    float v = elementwise(MeanSquaredErrorLoss.create(), new float[] {0.5f, -1f, 2f, 0f},
        new float[] {0f, 1f, 1.5f, 0.5f});
    assertEquals(1.1875, v, 1e-6);
  }

  /** (0.5 + 2 + 0.5 + 0.5) / 4. */
  @Test
  void meanAbsoluteError() {
    float v = elementwise(L1Loss.create(), new float[] {0.5f, -1f, 2f, 0f}, new float[] {0f, 1f, 1.5f, 0.5f});
    assertEquals(0.875, v, 1e-6);
  }

  /**
   * mean over elements of log(1 + e^x) − x·y. The logit −100 with target 1 contributes exactly 100, where the
   * naive form would overflow e^100 in float32.
   */
  @Test
  void binaryCrossEntropyWithLogitsIsStable() {
    float v = elementwise(BinaryCrossEntropyWithLogitsLoss.create(), new float[] {0f, 2f, -3f, 50f, -100f, 0.5f},
        new float[] {1f, 0f, 0.25f, 1f, 1f, 0.5f});
    assertEquals(17.390456587892793, v, 2e-5);
  }

  @Test
  void elementwiseLossesTakeFloatTargetsShapedLikeThePrediction() {
    TensorType prediction = TensorType.floats(Shape.batched(2, 3));
    for (Loss loss : List.of(MeanSquaredErrorLoss.create(), L1Loss.create(),
        BinaryCrossEntropyWithLogitsLoss.create())) {
      assertEquals(prediction, loss.targetType(prediction), loss.describe());
    }
    assertEquals(List.of("mse", "l1", "bce_with_logits"), List.of(MeanSquaredErrorLoss.create().describe(),
        L1Loss.create().describe(), BinaryCrossEntropyWithLogitsLoss.create().describe()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> L1Loss.create().targetType(new TensorType(DataType.INT64, Shape.batched(2))));
    assertTrue(e.getMessage().contains("float32 prediction"), e.getMessage());
  }

  @Test
  void labelSmoothingOutsideZeroToOneIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CrossEntropyLoss.create().labelSmoothing(1.5f));
    assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
  }

  private float crossEntropy(Loss loss, long... targets) {
    return evalLoss(loss, new long[] {3, 3}, LOGITS, targets, null);
  }

  private float elementwise(Loss loss, float[] prediction, float[] targets) {
    return evalLoss(loss, new long[] {prediction.length / 2, 2}, prediction, null, targets);
  }

  /** The eval model's loss for prediction = input · w with the trainable scalar w = 1. */
  private float evalLoss(Loss loss, long[] dims, float[] prediction, long[] longTargets, float[] floatTargets) {
    GraphBuilder g = new GraphBuilder("identity");
    TensorType type = TensorType.floats(Shape.batched(dims[1]));
    g.input("x", type);
    g.initializer(Tensors.floats("w", new long[0], 1f));
    g.node("Mul").inputs("x", "w").outputs("prediction");
    g.output("prediction", type);
    ForwardModel model = new ForwardModel(OnnxModels.model(g.build(), Map.of()), "prediction", List.of("w"),
        List.of());
    ArtifactPaths paths = ArtifactBuilder.forModel(model).loss(loss).build().writeTo(dir);
    var env = NativeLibrary.environment();
    try (TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), 0f);
        OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(prediction), dims);
        OnnxTensor t = longTargets != null
            ? OnnxTensor.createTensor(env, LongBuffer.wrap(longTargets), new long[] {dims[0]})
            : OnnxTensor.createTensor(env, FloatBuffer.wrap(floatTargets), dims)) {
      Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
      inputs.put("x", x);
      inputs.put(Loss.TARGET, t);
      return s.evalStep(inputs).loss();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
