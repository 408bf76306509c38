package dev.ortrain.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.graph.Domains;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.nn.Conv2d;
import dev.ortrain.nn.Flatten;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.MaxPool2d;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.ort.NativeLibrary;
import dev.ortrain.session.OrtTuning;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.StepResult;
import dev.ortrain.session.TrainingSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockedArtifactsTest {
  @TempDir Path dir;

  private static boolean x86() {
    String arch = System.getProperty("os.arch");
    return arch.equals("amd64") || arch.equals("x86_64");
  }

  private ArtifactPaths artifacts(Sequential model, String name) throws Exception {
    return ArtifactBuilder.forModel(model.build(Shape.batched(1, 8, 8), 3L)).loss(CrossEntropyLoss.create())
        .optimizer(Optimizer.AdamW.defaults()).build().writeTo(Files.createDirectories(dir.resolve(name)));
  }

  /**
   * conv 1→32 (blocked, reading the NCHW image; its weight gradient multiplies two channel panels at block 16,
   * four at 8), conv 32→16 (blocked, and so is its input gradient), 2x2 max pool (blocked, with its value-mask
   * gradient), linear head.
   */
  private static Sequential cnn() {
    return Sequential.of(new Conv2d(1, 32, 3).padding(1), new ReLU(), new Conv2d(32, 16, 3).padding(1), new ReLU(),
        new MaxPool2d(2), new Flatten(), new Linear(16 * 16, 10));
  }

  @Test
  void specializesTheTrainingModelOnly() throws Exception {
    ArtifactPaths paths = artifacts(cnn(), "cnn");
    var specialized = BlockedArtifacts.specialize(paths, NativeLibrary.environment(),
        Files.createDirectories(dir.resolve("blocked")));
    assertEquals(x86(), specialized.isPresent());
    if (specialized.isEmpty()) {
      return;
    }
    ArtifactPaths b = specialized.get();
    // The eval model stays portable: ONNX Runtime exports the inference model from it.
    assertEquals(paths.evalModel(), b.evalModel());
    assertEquals(paths.optimizerModel(), b.optimizerModel());
    assertEquals(paths.checkpoint(), b.checkpoint());
    ModelProto training = OnnxModels.read(b.trainingModel());
    // Both forward convs and the second one's input-gradient conv.
    assertEquals(3, nchwc(training, "Conv"));
    // The pool after the blocked conv, and its value-mask gradient (upsampling, window counts), run blocked; the
    // upsampled values are widened only and broadcast over row pairs.
    assertEquals(1, nchwc(training, "MaxPool"));
    assertEquals(2, nchwc(training, "Upsample"));
    assertTrue(training.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Upsample"))
        .allMatch(n -> java.util.Arrays.equals(dev.ortrain.graph.Attributes.getInts(n, "scales", null),
            new long[] {1, 1, 1, 2})));
    assertEquals(1, nchwc(training, "AveragePool"));
    // The first conv's weight gradient (im2col form) multiplies the blocked dY panel by panel, without
    // reordering it; the one reorder to channels-last is the second conv's input, for its weight gradient.
    assertTrue(training.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("MatMul")
        && n.getOutput(0).contains("_panel_products")));
    assertEquals(1, training.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("ReorderOutput")
        && dev.ortrain.graph.Attributes.getInt(n, "channels_last", 0) == 1).count());
    assertEquals(0, nchwc(OnnxModels.read(paths.trainingModel()), "Conv"), "the artifacts stay portable");
  }

  @Test
  void sessionsOnBlockedGraphsExportPortableInferenceModelsAndDeleteTheirGraphs() throws Exception {
    ArtifactPaths paths = artifacts(cnn(), "export");
    Path exported = dir.resolve("inference.onnx");
    long before = specializedDirectories();
    try (TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), 1e-3f)) {
      assertEquals(before + (x86() ? 1 : 0), specializedDirectories(), "the blocked graph lives with its session");
      s.exportInferenceModel(exported);
    }
    assertEquals(before, specializedDirectories(), "the blocked graph is deleted with its session");
    ModelProto m = OnnxModels.read(exported);
    assertTrue(m.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("Conv")));
    assertTrue(m.getGraph().getNodeList().stream().noneMatch(n -> n.getDomain().equals(Domains.NCHWC)));
  }

  private static long specializedDirectories() throws Exception {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(p -> p.getFileName().toString().startsWith("ortrain-blocked")).count();
    }
  }

  @Test
  void modelsWithoutQualifyingConvolutionsAreOpenedAsTheyAre() throws Exception {
    ArtifactPaths paths = artifacts(Sequential.of(new Flatten(), new Linear(64, 10)), "mlp");
    assertTrue(BlockedArtifacts.specialize(paths, NativeLibrary.environment(), dir).isEmpty());
    assertFalse(Files.exists(dir.resolve("training_model.onnx")));
  }

  @Test
  void blockedAndStandardKernelsTrainAlike() throws Exception {
    ArtifactPaths paths = artifacts(cnn(), "same");
    SessionConfig blocked = SessionConfig.defaults().withThreads(1);
    SessionConfig standard = blocked.withTuning(OrtTuning.defaults().withBlockedLayout(false));
    float[][] a = train(paths, blocked);
    float[][] s = train(paths, standard);
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        assertEquals(s[i][j], a[i][j], 1e-4 * (1 + Math.abs(s[i][j])), "step " + i + " value " + j);
      }
    }
  }

  /** Per step: the loss and gradient norm of 4 AdamW steps, then the eval loss. */
  private static float[][] train(ArtifactPaths paths, SessionConfig config) throws Exception {
    int batch = 4;
    SplittableRandom r = new SplittableRandom(9);
    FloatBuffer x = ByteBuffer.allocateDirect(batch * 64 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    LongBuffer y = ByteBuffer.allocateDirect(batch * 8).order(ByteOrder.nativeOrder()).asLongBuffer();
    for (int i = 0; i < batch * 64; i++) {
      x.put(i, (float) r.nextDouble());
    }
    for (int i = 0; i < batch; i++) {
      y.put(i, r.nextInt(10));
    }
    float[][] out = new float[5][];
    try (TrainingSession s = TrainingSession.open(paths, config, 1e-2f);
        var xt = s.floatTensor(x, batch, 1, 8, 8);
        var yt = s.longTensor(y, batch)) {
      Map<String, ai.onnxruntime.OnnxTensor> feed = Map.of("input", xt, "target", yt);
      for (int step = 0; step < 4; step++) {
        StepResult result = s.trainStep(feed, 1f);
        out[step] = new float[] {result.loss(), result.gradNorm()};
        s.optimizerStep();
        s.resetGradients();
      }
      out[4] = new float[] {s.evalStep(feed).loss()};
    }
    return out;
  }

  private static long nchwc(ModelProto m, String op) {
    return m.getGraph().getNodeList().stream()
        .filter(n -> n.getDomain().equals(Domains.NCHWC) && n.getOpType().equals(op)).count();
  }
}
