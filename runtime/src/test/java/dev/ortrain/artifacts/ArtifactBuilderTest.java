package dev.ortrain.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.ValueInfoProto;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.TrainingSession;
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

class ArtifactBuilderTest {
  @TempDir Path dir;

  private static ForwardModel frozenFirstLayer() {
    ForwardModel m = TestModels.mlp(3);
    return new ForwardModel(m.model(), m.prediction(), List.of("fc2.weight", "fc2.bias"),
        List.of("fc1.weight", "fc1.bias"));
  }

  private static List<String> inputNames(ModelProto m) {
    return m.getGraph().getInputList().stream().map(ValueInfoProto::getName).toList();
  }

  @Test
  void trainingModelFollowsOrtsInputContract() {
    TrainingArtifacts a = ArtifactBuilder.forModel(frozenFirstLayer()).loss(CrossEntropyLoss.create()).build();
    List<String> inputs = inputNames(a.trainingModel());
    assertTrue(inputs.containsAll(List.of("fc2.weight_grad.accumulation.buffer", "fc2.bias_grad.accumulation.buffer",
        "lazy_reset_grad")), inputs.toString());
    assertFalse(inputs.contains("fc1.weight_grad.accumulation.buffer"), "frozen parameters get no buffer");
    // Parameters appear in the same relative order in both models: ORT binds eval parameters by position.
    List<String> params = List.of("fc2.weight", "fc2.bias", "fc1.weight", "fc1.bias");
    assertEquals(params, inputNames(a.trainingModel()).stream().filter(params::contains).toList());
    assertEquals(params, inputNames(a.evalModel()).stream().filter(params::contains).toList());
    assertEquals("loss", a.trainingModel().getGraph().getOutput(0).getName());
    assertEquals(List.of("fc2.weight", "fc2.bias"), a.checkpoint().trainable().stream().map(t -> t.name()).toList());
    assertEquals(List.of("fc1.weight", "fc1.bias"), a.checkpoint().frozen().stream().map(t -> t.name()).toList());
  }

  @Test
  void frozenParametersDoNotChangeWhileTheOthersTrain() {
    ArtifactPaths paths = ArtifactBuilder.forModel(frozenFirstLayer()).loss(CrossEntropyLoss.create())
        .build().writeTo(dir);
    FloatBuffer x = ByteBuffer.allocateDirect(16 * 16).order(ByteOrder.nativeOrder()).asFloatBuffer();
    LongBuffer y = ByteBuffer.allocateDirect(16 * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
    TestModels.data(new Random(1), x, y, 16);
    try (TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), 0.05f);
        OnnxTensor xt = s.floatTensor(x, 16, 4);
        OnnxTensor yt = s.longTensor(y, 16)) {
      OrtCheckpoint before = s.snapshot();
      for (int i = 0; i < 5; i++) {
        s.trainStep(Map.of("input", xt, "target", yt));
        s.optimizerStep();
        s.resetGradients();
      }
      OrtCheckpoint after = s.snapshot();
      assertEquals(before.frozen(), after.frozen());
      assertNotEquals(before.parameter("fc2.weight"), after.parameter("fc2.weight"));
    }
  }

  @Test
  void rejectsBadConfigurations() {
    ForwardModel m = TestModels.mlp(3);
    IllegalStateException noLoss = assertThrows(IllegalStateException.class, () -> ArtifactBuilder.forModel(m).build());
    assertTrue(noLoss.getMessage().contains("No loss"));
    assertThrows(IllegalArgumentException.class, () -> ArtifactBuilder.forModel(m).clipGradNorm(0f));
    assertThrows(IllegalArgumentException.class, () -> ArtifactBuilder.forModel(m).clipGradNorm(Float.NaN));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> new ForwardModel(m.model(), "logits", List.of("fc9.weight"), List.of()));
    assertTrue(unknown.getMessage().contains("'fc9.weight' is not an initializer"), unknown.getMessage());
    IllegalArgumentException noSuchValue = assertThrows(IllegalArgumentException.class,
        () -> new ForwardModel(m.model(), "scores", m.trainable(), List.of()));
    assertTrue(noSuchValue.getMessage().contains("'scores' is neither"), noSuchValue.getMessage());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> new ForwardModel(m.model(), "logits", List.of("fc1.bias"), List.of("fc1.bias")));
    assertTrue(twice.getMessage().contains("listed twice"));
    IllegalStateException none = assertThrows(IllegalStateException.class,
        () -> ArtifactBuilder.forModel(new ForwardModel(m.model(), "logits", List.of(), m.trainable()))
            .loss(CrossEntropyLoss.create()).build());
    assertTrue(none.getMessage().contains("no trainable parameter"));
  }

  @Test
  void optimizerModelCarriesTheHyperParameters() {
    TrainingArtifacts a = ArtifactBuilder.forModel(TestModels.mlp(3)).loss(CrossEntropyLoss.create())
        .optimizer(new Optimizer.AdamW(0.8f, 0.99f, 1e-6f, 0.05f, false)).clipGradNorm(2f).build();
    var graph = a.optimizerModel().getGraph();
    assertEquals(List.of("learning_rate", "step", "params", "gradients", "first_order_moments",
        "second_order_moments"), inputNames(a.optimizerModel()));
    assertEquals("InplaceClipGradNorm", graph.getNode(0).getOpType());
    var adam = graph.getNode(1);
    assertEquals("AdamWOptimizer", adam.getOpType());
    assertEquals("clipped_gradients", adam.getInput(3));
    assertEquals(0.8f, dev.ortrain.graph.Attributes.getFloat(adam, "alpha", 0));
    assertEquals(0.05f, dev.ortrain.graph.Attributes.getFloat(adam, "weight_decay", 0));
    assertEquals(0L, dev.ortrain.graph.Attributes.getInt(adam, "correct_bias", 1));
  }
}
