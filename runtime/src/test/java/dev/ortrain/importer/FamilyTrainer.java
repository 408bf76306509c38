package dev.ortrain.importer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.importer.FamilyFixture.Batch;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.loss.Loss;
import dev.ortrain.loss.MeanSquaredErrorLoss;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.TrainingSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Trains a model on a family fixture's batches as PyTorch did, for the tests that compare with PyTorch. */
final class FamilyTrainer {
  /** Losses agree with PyTorch's to this relative difference. */
  static final double LOSS_RTOL = 1e-5;

  private FamilyTrainer() {}

  static float[] trajectory(Path dir, FamilyFixture f, ForwardModel model, Optimizer optimizer, float lr) {
    Path artifacts = dir.resolve(optimizer.describe());
    ArtifactPaths paths = ArtifactBuilder.forModel(model).loss(lossOf(f)).optimizer(optimizer).build()
        .writeTo(artifacts);
    float[] losses = new float[f.batches().size()];
    try (TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), lr)) {
      for (int k = 0; k < losses.length; k++) {
        Map<String, OnnxTensor> batch = feed(s, f.batches().get(k));
        try {
          losses[k] = s.trainStep(batch).loss();
          s.optimizerStep();
          s.resetGradients();
        } finally {
          batch.values().forEach(OnnxTensor::close);
        }
      }
    }
    return losses;
  }

  /** One plain SGD step at learning rate 1 moves every parameter by minus its gradient. */
  static Map<String, float[]> firstGradients(Path dir, FamilyFixture f, ForwardModel model) {
    ArtifactPaths paths = ArtifactBuilder.forModel(model).loss(lossOf(f)).optimizer(new Optimizer.Sgd()).build()
        .writeTo(dir.resolve("gradients"));
    Map<String, float[]> result = new HashMap<>();
    try (TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), 1f)) {
      Map<String, OnnxTensor> batch = feed(s, f.batches().get(0));
      try {
        OrtCheckpoint before = s.snapshot();
        s.trainStep(batch);
        s.optimizerStep();
        result.putAll(SgdStep.gradients(before, s.snapshot(), model.trainable()));
      } finally {
        batch.values().forEach(OnnxTensor::close);
      }
    }
    return result;
  }

  static Loss lossOf(FamilyFixture f) {
    return f.batches().get(0).classification() ? CrossEntropyLoss.create() : MeanSquaredErrorLoss.create();
  }

  static Map<String, OnnxTensor> feed(TrainingSession s, Batch b) {
    Map<String, OnnxTensor> m = new HashMap<>();
    m.put("input", tensor(s, b.input()));
    m.put(Loss.TARGET, tensor(s, b.target()));
    return m;
  }

  static OnnxTensor tensor(TrainingSession s, TensorProto t) {
    return t.getDataType() == DataType.INT64.onnxCode()
        ? s.longTensor(LongBuffer.wrap(Tensors.toLongs(t)), Tensors.dims(t))
        : s.floatTensor(FloatBuffer.wrap(Tensors.toFloats(t)), Tensors.dims(t));
  }

  static void assertLosses(String optimizer, float[] expected, float[] actual) {
    for (int k = 0; k < expected.length; k++) {
      double rel = Math.abs(expected[k] - actual[k]) / Math.abs(expected[k]);
      assertTrue(rel <= LOSS_RTOL, optimizer + " step " + (k + 1) + ": loss " + actual[k] + ", PyTorch "
          + expected[k] + " (relative difference " + rel + "); all steps: expected "
          + java.util.Arrays.toString(expected) + ", got " + java.util.Arrays.toString(actual));
    }
  }
}
