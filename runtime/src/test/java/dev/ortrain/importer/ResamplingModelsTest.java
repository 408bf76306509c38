package dev.ortrain.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.graph.Tensors;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.loss.Loss;
import dev.ortrain.loss.MeanSquaredErrorLoss;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.TrainingSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PyTorch families that upsample: a convolutional autoencoder (ConvTranspose) and a U-Net (nearest and
 * bilinear Resize), in each export, import, train, and give PyTorch's first loss and gradients.
 */
class ResamplingModelsTest {
  /** float32 on both sides, different summation orders. */
  private static final float TOLERANCE = 1e-5f;

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"autoencoder, training", "autoencoder, eval", "autoencoder, dynamo", "unet, training", "unet, eval",
      "unet, dynamo"})
  void firstStepGivesPyTorchsLossAndGradients(String family, String export) throws Exception {
    Path root = PyTorchFixture.resourceDir("pytorch/families/" + family);
    ForwardModel model = OnnxModelImporter.load(root.resolve(export + ".onnx")).toForwardModel();
    Map<String, float[]> expected = new java.util.TreeMap<>();
    try (Stream<Path> files = Files.list(root.resolve("gradients"))) {
      files.forEach(f -> expected.put(f.getFileName().toString().replaceAll("\\.pb$", ""),
          Tensors.toFloats(PyTorchFixture.read(f))));
    }
    assertEquals(expected.keySet(), new TreeSet<>(model.trainable()), "trainable parameters");
    Loss loss = family.equals("unet") ? CrossEntropyLoss.create() : MeanSquaredErrorLoss.create();
    // SGD at learning rate 1: one step moves every parameter by exactly minus its gradient.
    ArtifactPaths paths = ArtifactBuilder.forModel(model).loss(loss).optimizer(new Optimizer.Sgd()).build()
        .writeTo(dir);
    TensorProto input = PyTorchFixture.read(root.resolve("batch0/input.pb"));
    TensorProto target = PyTorchFixture.read(root.resolve("batch0/target.pb"));
    float pytorchLoss = Tensors.toFloats(PyTorchFixture.read(root.resolve("sgd_losses.pb")))[0];
    try (TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), 1f);
        OnnxTensor x = PyTorchAgreementTest.floats(s, input);
        OnnxTensor y = family.equals("unet") ? PyTorchAgreementTest.longs(s, target)
            : PyTorchAgreementTest.floats(s, target)) {
      OrtCheckpoint before = s.snapshot();
      float first = s.trainStep(Map.of("input", x, Loss.TARGET, y)).loss();
      s.optimizerStep();
      OrtCheckpoint after = s.snapshot();
      assertTrue(Math.abs(first - pytorchLoss) <= TOLERANCE * (1 + Math.abs(pytorchLoss)),
          family + " " + export + ": first loss " + first + ", PyTorch " + pytorchLoss);
      for (String p : model.trainable()) {
        float[] old = before.parameter(p).toFloats();
        float[] now = after.parameter(p).toFloats();
        float[] gradient = new float[old.length];
        for (int i = 0; i < old.length; i++) {
          gradient[i] = old[i] - now[i];
        }
        PyTorchAgreementTest.assertClose(family + " " + export + ": gradient of " + p, expected.get(p), gradient);
      }
    }
  }
}
