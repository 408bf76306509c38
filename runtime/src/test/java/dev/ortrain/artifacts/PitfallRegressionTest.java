package dev.ortrain.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ortrain.gradients.GradientFormulation;
import dev.ortrain.gradients.GradientRegistry;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.nn.AvgPool2d;
import dev.ortrain.nn.Conv2d;
import dev.ortrain.nn.Flatten;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.MaxPool2d;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.ValueInfoProto;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.TrainingSession;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for the pitfalls of ONNX Runtime's training API that crash the JVM or train silently
 * wrong (shared/docs/ort-training-artifacts.md, section 12) and are not covered elsewhere.
 */
class PitfallRegressionTest {
  @TempDir Path dir;

  private static TrainingArtifacts cnn() {
    return cnn(GradientRegistry.standard());
  }

  private static TrainingArtifacts cnn(GradientRegistry rules) {
    Sequential model = Sequential.of(new Conv2d(1, 4, 3).padding(1), new ReLU(), new MaxPool2d(2),
        new AvgPool2d(2), new Flatten(), new Linear(16, 3));
    return ArtifactBuilder.forModel(model.build(Shape.batched(1, 8, 8), 1L)).loss(CrossEntropyLoss.create())
        .gradientRegistry(rules).build();
  }

  @Test
  void everyPoolingGradientOutputHasADeclaredShape() {
    // Without a declared shape, MaxPoolGrad/AveragePoolGrad dereference a null pointer at session creation
    // and the JVM dies with SIGSEGV; AveragePoolGrad with a symbolic batch silently returns an empty tensor.
    // MaxPoolGrad is what the training-kernel formulation (and the standard-op one's fallback) emits.
    GraphProto g = cnn(GradientRegistry.standard(GradientFormulation.trainingKernels())).trainingModel().getGraph();
    int pools = 0;
    for (NodeProto n : g.getNodeList()) {
      if (n.getOpType().equals("AveragePoolGrad")) {
        throw new AssertionError("AveragePoolGrad is avoided: it cannot handle a symbolic batch");
      }
      if (n.getOpType().equals("MaxPoolGrad")) {
        pools++;
        TensorType declared = declared(g, n.getOutput(0));
        assertEquals(Shape.batched(4, 8, 8), declared.shape(), "MaxPoolGrad output " + n.getOutput(0));
      }
    }
    assertEquals(1, pools);
  }

  private static TensorType declared(GraphProto g, String value) {
    for (ValueInfoProto v : g.getValueInfoList()) {
      if (v.getName().equals(value)) {
        return TensorType.fromProto(v.getType());
      }
    }
    throw new AssertionError("no value_info for " + value);
  }

  @Test
  void theLearningRateIsReappliedWhenASessionIsCreatedFromACheckpoint() {
    ArtifactPaths paths = cnn().writeTo(dir);
    Path ckpt = dir.resolve("saved.ckpt");
    try (TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), 0.0375f)) {
      s.saveCheckpoint(ckpt, true);
    }
    // ONNX Runtime itself would start at 0.001: the checkpoint does not keep the learning rate.
    try (TrainingSession s = TrainingSession.open(paths.withCheckpoint(ckpt), SessionConfig.defaults(), 0.0375f)) {
      assertEquals(0.0375f, s.learningRate());
      s.setLearningRate(0.5f);
      assertEquals(0.5f, s.learningRate());
    }
  }
}
