package dev.ortrain.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtTrainingSession;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.ort.NativeLibrary;
import dev.ortrain.session.TrainingSessionTest.Batch;
import dev.ortrain.testing.TestModels;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steps whose outputs ONNX Runtime writes into pinned buffers report exactly what the Java API's own output
 * tensors hold: the same artifacts and seed, one session stepped through {@link TrainingSession}, the other
 * through {@link OrtTrainingSession} directly.
 */
class PinnedOutputsTest {
  @TempDir Path dir;

  private ArtifactPaths artifacts() {
    return ArtifactBuilder.forModel(TestModels.mlp(3)).loss(CrossEntropyLoss.create())
        .optimizer(Optimizer.AdamW.defaults()).build().writeTo(dir.resolve("artifacts"));
  }

  private static OrtTrainingSession plain(ArtifactPaths p) throws OrtException {
    OrtTrainingSession.setSeed(TrainingSessionTest.ONE_THREAD.seed());
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(1);
      OrtTrainingSession s = NativeLibrary.environment().createTrainingSession(p.checkpoint().toString(),
          p.trainingModel().toString(), p.evalModel().toString(), p.optimizerModel().toString(), o);
      s.setLearningRate(0.01f);
      return s;
    }
  }

  private static float[] floats(OrtSession.Result r, int i) {
    java.nio.FloatBuffer b = ((OnnxTensor) r.get(i)).getFloatBuffer();
    float[] out = new float[b.remaining()];
    b.get(out);
    return out;
  }

  @Test
  void pinnedStepsReportWhatThePlainApiReturns() throws Exception {
    ArtifactPaths p = artifacts();
    SessionConfig config = TrainingSessionTest.ONE_THREAD.withTuning(OrtTuning.onnxRuntimeDefaults());
    try (TrainingSession pinned = TrainingSession.open(p, config, 0.01f); OrtTrainingSession plain = plain(p);
        OnnxTensor scale = OnnxTensor.createTensor(NativeLibrary.environment(), 1f)) {
      assertTrue(pinned.trainOutputsPinned(), "ortrain's own artifacts declare every output shape");
      // Full batches, a smaller last batch, five sizes in all (one more than the cache keeps), then the first
      // size again: its outputs are allocated anew after the eviction.
      int[] sizes = {16, 16, 5, 16, 3, 7, 9, 16, 5};
      for (int i = 0; i < sizes.length; i++) {
        try (Batch b = new Batch(pinned, sizes[i], 100 + i)) {
          StepResult mine = pinned.trainStep(b.feeds(), 1f, true);
          Map<String, OnnxTensor> feeds = new LinkedHashMap<>(b.feeds());
          feeds.put("loss_scale", scale);
          try (OrtSession.Result theirs = plain.trainStep(ordered(plain.getTrainInputNames(), feeds))) {
            assertEquals(floats(theirs, 0)[0], mine.loss(), "loss of step " + i);
            assertArrayEquals(floats(theirs, 1), mine.prediction(), "prediction of step " + i);
            assertArrayEquals(new long[] {sizes[i], 3}, mine.predictionShape());
            assertEquals(floats(theirs, 2)[0], mine.gradNorm(), "gradient norm of step " + i);
          }
          pinned.optimizerStep();
          pinned.resetGradients();
          plain.optimizerStep();
          plain.lazyResetGrad();
          StepResult eval = pinned.evalStep(b.feeds());
          try (OrtSession.Result theirs = plain.evalStep(ordered(plain.getEvalInputNames(), feeds))) {
            assertEquals(floats(theirs, 0)[0], eval.loss(), "eval loss after step " + i);
            assertArrayEquals(floats(theirs, 1), eval.prediction(), "eval prediction after step " + i);
          }
          assertNull(pinned.evalStep(b.feeds(), false).prediction(), "no copy of the prediction when not asked");
        }
      }
    }
  }

  @Test
  void anOutputOfAnotherShapeThanDeclaredIsExplainedAndLaterStepsRunUnpinned() {
    ArtifactPaths p = artifacts();
    // Declare the prediction with 4 classes where the model computes 3.
    dev.ortrain.onnx.proto.Onnx.ModelProto model = dev.ortrain.graph.OnnxModels.read(p.trainingModel());
    dev.ortrain.onnx.proto.Onnx.GraphProto.Builder graph = model.getGraph().toBuilder();
    for (int i = 0; i < graph.getOutputCount(); i++) {
      if (graph.getOutput(i).getName().equals("logits")) {
        graph.getOutputBuilder(i).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(1)
            .setDimValue(4);
      }
    }
    dev.ortrain.graph.OnnxModels.write(model.toBuilder().setGraph(graph).build(), p.trainingModel());
    SessionConfig config = TrainingSessionTest.ONE_THREAD.withTuning(OrtTuning.onnxRuntimeDefaults());
    try (TrainingSession s = TrainingSession.open(p, config, 0.01f); Batch b = new Batch(s, 8, 1)) {
      assertTrue(s.trainOutputsPinned());
      TrainingSessionException e = org.junit.jupiter.api.Assertions.assertThrows(TrainingSessionException.class,
          () -> s.trainStep(b.feeds()));
      assertTrue(e.getMessage().contains("differs from the one the model declares (loss[], logits[8, 4]"),
          e.getMessage());
      assertFalse(s.trainOutputsPinned());
      s.resetGradients();
      StepResult r = s.trainStep(b.feeds());
      assertEquals(s.evalStep(b.feeds()).loss(), r.loss(), 1e-6f, "the loss of the same parameters");
      assertArrayEquals(new long[] {8, 3}, r.predictionShape(), "read from ONNX Runtime's own output");
    }
  }

  @Test
  void anEvalOutputOfAnotherShapeThanDeclaredIsExplainedAndLaterEvalStepsRunUnpinned() {
    ArtifactPaths p = artifacts();
    declareFourClasses(p.evalModel());
    SessionConfig config = TrainingSessionTest.ONE_THREAD.withTuning(OrtTuning.onnxRuntimeDefaults());
    try (TrainingSession s = TrainingSession.open(p, config, 0.01f); Batch b = new Batch(s, 8, 1)) {
      TrainingSessionException e = org.junit.jupiter.api.Assertions.assertThrows(TrainingSessionException.class,
          () -> s.evalStep(b.feeds()));
      assertTrue(e.getMessage().contains("differs from the one the model declares"), e.getMessage());
      StepResult eval = s.evalStep(b.feeds());
      StepResult train = s.trainStep(b.feeds());
      assertEquals(train.loss(), eval.loss(), 1e-6f, "the loss of the same parameters");
      assertArrayEquals(train.prediction(), eval.prediction(), 1e-6f);
    }
  }

  private static void declareFourClasses(Path modelFile) {
    dev.ortrain.onnx.proto.Onnx.ModelProto model = dev.ortrain.graph.OnnxModels.read(modelFile);
    dev.ortrain.onnx.proto.Onnx.GraphProto.Builder graph = model.getGraph().toBuilder();
    for (int i = 0; i < graph.getOutputCount(); i++) {
      if (graph.getOutput(i).getName().equals("logits")) {
        graph.getOutputBuilder(i).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(1)
            .setDimValue(4);
      }
    }
    dev.ortrain.graph.OnnxModels.write(model.toBuilder().setGraph(graph).build(), modelFile);
  }

  private static Map<String, OnnxTensor> ordered(java.util.Set<String> names, Map<String, OnnxTensor> feeds) {
    Map<String, OnnxTensor> out = new LinkedHashMap<>();
    names.forEach(n -> out.put(n, feeds.get(n)));
    return out;
  }

  @Test
  void outputsOfOtherSymbolsOrTypesAreNotPinned() {
    OrtEnvironment env = NativeLibrary.environment();
    TensorType loss = TensorType.floats(Shape.of());
    Map<String, TensorType> foreignSymbol = new LinkedHashMap<>();
    foreignSymbol.put("loss", loss);
    foreignSymbol.put("logits", TensorType.floats(Shape.fromProto(
        dev.ortrain.onnx.proto.Onnx.TensorShapeProto.newBuilder()
            .addDim(dev.ortrain.onnx.proto.Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
            .addDim(dev.ortrain.onnx.proto.Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(3))
            .build())));
    try (PinnedOutputs o = new PinnedOutputs(env, foreignSymbol, List.of("loss", "logits"), true)) {
      assertFalse(o.pinnable());
      assertNull(o.forBatch(4));
    }
    Map<String, TensorType> ints = Map.of("loss", loss, "classes", new TensorType(DataType.INT64, Shape.batched()));
    try (PinnedOutputs o = new PinnedOutputs(env, ints, List.of("loss", "classes"), true)) {
      assertFalse(o.pinnable(), "only float outputs are pinned");
    }
    try (PinnedOutputs o = new PinnedOutputs(env, Map.of("loss", loss), List.of("loss", "undeclared"), true)) {
      assertFalse(o.pinnable(), "an output without a declared type has no shape to allocate");
    }
    try (PinnedOutputs o = new PinnedOutputs(env, Map.of("loss", loss), List.of("loss"), false)) {
      assertFalse(o.pinnable(), "disabled (CUDA) sessions keep ONNX Runtime's outputs");
    }
  }

  @Test
  void oneAllocationPerBatchSizeUntilEvicted() {
    OrtEnvironment env = NativeLibrary.environment();
    Map<String, TensorType> outputs = new LinkedHashMap<>();
    outputs.put("loss", TensorType.floats(Shape.of()));
    outputs.put("output", TensorType.floats(Shape.batched(3)));
    try (PinnedOutputs o = new PinnedOutputs(env, outputs, List.of("loss", "output"), true)) {
      assertTrue(o.pinnable());
      PinnedOutputs.Step first = o.forBatch(8);
      assertSame(first, o.forBatch(8));
      assertArrayEquals(new long[] {8, 3}, first.shape("output"));
      assertEquals(List.of("loss", "output"), first.names());
      assertEquals(24, first.floats("output").length);
      for (long n = 1; n <= 4; n++) {
        o.forBatch(n);
      }
      assertNotSame(first, o.forBatch(8), "the oldest size was evicted after four others");
      assertNull(o.forBatch(0));
    }
  }
}
