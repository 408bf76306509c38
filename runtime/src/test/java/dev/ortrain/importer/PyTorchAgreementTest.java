package dev.ortrain.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.graph.Tensors;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.StepResult;
import dev.ortrain.session.TrainingSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Models exported by PyTorch, imported and trained through ONNX Runtime, give PyTorch's logits, loss and
 * first-step gradients.
 */
class PyTorchAgreementTest {
  /** float32 on both sides, different summation orders. */
  private static final float TOLERANCE = 1e-5f;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"mlp", "cnn", "cnn_view"})
  void evalAndFirstGradientsMatchPyTorch(String name) throws OrtException {
    PyTorchFixture fixture = PyTorchFixture.load(name);
    ForwardModel model = OnnxModelImporter.load(fixture.model()).toForwardModel();
    assertEquals(fixture.gradients().keySet(), Set.copyOf(model.trainable()), "trainable parameters");
    // SGD at learning rate 1: one step moves every parameter by exactly minus its gradient.
    ArtifactPaths paths = ArtifactBuilder.forModel(model).loss(CrossEntropyLoss.create())
        .optimizer(new Optimizer.Sgd()).build().writeTo(dir);
    try (TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), 1f);
        OnnxTensor input = floats(s, fixture.input());
        OnnxTensor target = longs(s, fixture.target())) {
      Map<String, OnnxTensor> batch = Map.of("input", input, "target", target);
      StepResult eval = s.evalStep(batch);
      assertClose("loss", new float[] {fixture.loss()}, new float[] {eval.loss()});
      assertArrayEquals(Tensors.dims(fixture.logits()), eval.predictionShape());
      assertClose("logits", Tensors.toFloats(fixture.logits()), eval.prediction());

      OrtCheckpoint before = s.snapshot();
      s.trainStep(batch);
      s.optimizerStep();
      SgdStep.gradients(before, s.snapshot(), model.trainable()).forEach((p, gradient) ->
          assertClose("gradient of " + p, fixture.gradients().get(p), gradient));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mlp", "cnn", "cnn_view"})
  void trainingLowersTheLoss(String name) throws OrtException {
    PyTorchFixture fixture = PyTorchFixture.load(name);
    ArtifactPaths paths = ArtifactBuilder.forModel(OnnxModelImporter.load(fixture.model()).toForwardModel())
        .loss(CrossEntropyLoss.create()).optimizer(Optimizer.AdamW.defaults()).build().writeTo(dir);
    try (TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), 0.01f);
        OnnxTensor input = floats(s, fixture.input());
        OnnxTensor target = longs(s, fixture.target())) {
      Map<String, OnnxTensor> batch = Map.of("input", input, "target", target);
      float first = s.trainStep(batch).loss();
      assertClose("loss of the first train step", new float[] {fixture.loss()}, new float[] {first});
      float last = first;
      for (int step = 0; step < 10; step++) {
        s.optimizerStep();
        s.resetGradients();
        last = s.trainStep(batch).loss();
      }
      assertTrue(last < 0.8f * first, "loss should fall on a repeated batch: " + first + " -> " + last);
    }
  }

  static OnnxTensor floats(TrainingSession s, dev.ortrain.onnx.proto.Onnx.TensorProto t) {
    return s.floatTensor(FloatBuffer.wrap(Tensors.toFloats(t)), Tensors.dims(t));
  }

  static OnnxTensor longs(TrainingSession s, dev.ortrain.onnx.proto.Onnx.TensorProto t) {
    return s.longTensor(LongBuffer.wrap(Tensors.toLongs(t)), Tensors.dims(t));
  }

  /** Fails with the largest absolute and relative differences. */
  static void assertClose(String what, float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, what + ": element count");
    Agreement a = Agreement.of(expected, actual);
    System.out.printf("agreement %s: max abs %.3g, max rel %.3g%n", what, a.maxAbs(), a.maxRel());
    assertTrue(a.maxAbs() <= TOLERANCE, what + " differs from PyTorch by up to " + a.maxAbs()
        + " (relative " + a.maxRel() + ")");
  }
}
