package dev.ortrain.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.artifacts.ArtifactPaths;
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
