package dev.ortrain.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.testing.TestModels;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.ort.ProcessSeed;
import dev.ortrain.ort.RuntimeGenerator;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime's seed is process-wide, and ortrain's graphs never draw from its generator: sessions with
 * different seeds may be open together, each training as it would alone (the seed reaches the dropout masks
 * the session feeds, not ONNX Runtime).
 */
class SessionSeedTest {
  private static final int STEPS = 4;
  @TempDir Path dir;

  @Test
  void sessionsWithDifferentSeedsOpenTogetherTrainAsTheyWouldAlone() {
    ArtifactPaths paths = DropoutTrainingTest.artifacts(dir);
    assertFalse(RuntimeGenerator.drawnFromBy(OnnxModels.read(paths.trainingModel())));
    SessionConfig first = DropoutTrainingTest.CONFIG.withSeed(11);
    SessionConfig second = DropoutTrainingTest.CONFIG.withSeed(12);
    float[] firstAlone = losses(paths, first);
    float[] secondAlone = losses(paths, second);
    assertFalse(Arrays.equals(firstAlone, secondAlone), "the seeds choose different masks");
    float[] firstTogether = new float[STEPS];
    float[] secondTogether = new float[STEPS];
    try (TrainingSession a = TrainingSession.open(paths, first, 0.01f);
        TrainingSession b = TrainingSession.open(paths, second, 0.01f)) {
      for (int i = 0; i < STEPS; i++) {
        secondTogether[i] = DropoutTrainingTest.step(b, i);
        firstTogether[i] = DropoutTrainingTest.step(a, i);
      }
    }
    assertArrayEquals(firstAlone, firstTogether);
    assertArrayEquals(secondAlone, secondTogether);
  }

  @Test
  void aSecondSessionDrawingFromTheGeneratorIsRefusedUntilTheFirstCloses() {
    try (ProcessSeed.Claim held = ProcessSeed.claim(true, 1)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> ProcessSeed.claim(true, 1));
      assertTrue(e.getMessage().contains("(seed 1)"), e.getMessage());
      ProcessSeed.claim(false, 2).close(); // a session that does not draw opens beside it
      ProcessSeed.claim(false, 3).close(); // and releasing its claim releases nothing
      assertThrows(IllegalStateException.class, () -> ProcessSeed.claim(true, 2));
    }
    ProcessSeed.claim(true, 2).close();
  }

  @Test
  void aSessionWhoseGraphDrawsFromTheGeneratorHoldsItUntilItCloses() {
    ArtifactPaths paths = drawingFromTheGenerator();
    SessionConfig config = TrainingSessionTest.ONE_THREAD;
    try (TrainingSession first = TrainingSession.open(paths, config, 0.01f)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> TrainingSession.open(paths, config.withSeed(5), 0.01f));
      assertTrue(e.getMessage().contains("(seed " + config.seed() + ")"), e.getMessage());
    }
    TrainingSession.open(paths, config.withSeed(5), 0.01f).close();
  }

  /** The MLP's artifacts with a node drawing from ONNX Runtime's generator added, as foreign artifacts may have. */
  private ArtifactPaths drawingFromTheGenerator() {
    ArtifactPaths paths = ArtifactBuilder.forModel(TestModels.mlp(3)).loss(CrossEntropyLoss.create()).build()
        .writeTo(dir.resolve("drawing"));
    ModelProto training = OnnxModels.read(paths.trainingModel());
    GraphProto.Builder graph = training.getGraph().toBuilder().addNode(NodeProto.newBuilder()
        .setName("noise").setOpType("RandomUniformLike").addInput("input").addOutput("noise"));
    OnnxModels.write(training.toBuilder().setGraph(graph).build(), paths.trainingModel());
    assertTrue(RuntimeGenerator.drawnFromBy(OnnxModels.read(paths.trainingModel())));
    return paths;
  }

  private static float[] losses(ArtifactPaths paths, SessionConfig config) {
    float[] losses = new float[STEPS];
    try (TrainingSession s = TrainingSession.open(paths, config, 0.01f)) {
      for (int i = 0; i < STEPS; i++) {
        losses[i] = DropoutTrainingTest.step(s, i);
      }
    }
    return losses;
  }
}
