package dev.ortrain.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.nn.Conv2d;
import dev.ortrain.nn.Flatten;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.ort.Device;
import dev.ortrain.ort.NativeLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session opens the CPU-specialized (blocked) training model only on the CPU and only when its tuning asks for
 * it, and deletes that model with the session.
 */
class DeviceArtifactsTest {
  @TempDir Path dir;
  private ArtifactPaths paths;
  private ModelProto training;

  @BeforeEach
  void convolutionArtifacts() {
    Sequential cnn = Sequential.of(new Conv2d(1, 32, 3).padding(1), new ReLU(), new Flatten(),
        new Linear(32 * 8 * 8, 3));
    paths = ArtifactBuilder.forModel(cnn.build(Shape.batched(1, 8, 8), 3L)).loss(CrossEntropyLoss.create()).build()
        .writeTo(dir);
    training = OnnxModels.read(paths.trainingModel());
  }

  private static boolean x86() {
    String arch = System.getProperty("os.arch");
    return arch.equals("amd64") || arch.equals("x86_64");
  }

  private DeviceArtifacts prepare(SessionConfig config) {
    return DeviceArtifacts.prepare(paths, training, config, NativeLibrary.environment());
  }

  @Test
  void theCpuWithBlockedTuningOpensATemporaryTrainingModelDeletedOnClose() {
    assumeTrue(x86(), "ONNX Runtime's blocked kernels are x86 only");
    DeviceArtifacts artifacts = prepare(SessionConfig.defaults());
    Path specialized = artifacts.paths().trainingModel();
    try {
      assertNotEquals(paths.trainingModel(), specialized);
      assertTrue(Files.exists(specialized));
      assertEquals(paths.evalModel(), artifacts.paths().evalModel(), "only the training model is specialized");
    } finally {
      artifacts.close();
    }
    assertFalse(Files.exists(specialized.getParent()), "the temporary directory goes with the session");
  }

  @Test
  void withoutBlockedTuningOrOffTheCpuTheArtifactsOpenAsTheyAre() {
    SessionConfig standard = SessionConfig.defaults().withTuning(OrtTuning.defaults().withBlockedLayout(false));
    SessionConfig cuda = SessionConfig.defaults().withDevice(Device.cuda(0));
    for (SessionConfig config : new SessionConfig[] {standard, cuda}) {
      try (DeviceArtifacts artifacts = prepare(config)) {
        assertEquals(paths, artifacts.paths(), config.toString());
      }
    }
  }
}
