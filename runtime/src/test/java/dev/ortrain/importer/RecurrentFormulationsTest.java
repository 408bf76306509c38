package dev.ortrain.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import dev.ortrain.artifacts.ArtifactBuilder;
import dev.ortrain.artifacts.ArtifactPaths;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.checkpoint.OrtCheckpoint;
import dev.ortrain.gradients.GradientFormulation;
import dev.ortrain.gradients.GradientFormulation.Recurrence;
import dev.ortrain.gradients.GradientRegistry;
import dev.ortrain.graph.Tensors;
import dev.ortrain.importer.FamilyFixture.Export;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.loss.Loss;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.TrainingSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two formulations of LSTM and GRU (kernels, unrolled) train the 2-layer recurrent classifiers of
 * make_family_fixtures.py (training-mode export) alike: the first step's loss and every gradient agree with
 * each other and with PyTorch's.
 */
class RecurrentFormulationsTest {
  /** Between the formulations: the same float32 arithmetic summed in another order. */
  private static final double LOSS_RTOL = 1e-6;
  private static final double GRADIENT_ATOL = 1e-6;
  /** Against PyTorch, as FamilyAgreementTest. */
  private static final double PYTORCH_ATOL = 1e-4;

  @TempDir Path dir;

  /** The loss of the first batch and the gradients of one SGD step at learning rate 1. */
  private record FirstStep(float loss, Map<String, float[]> gradients) {}

  @ParameterizedTest
  @ValueSource(strings = {"lstm", "gru"})
  void bothFormulationsGiveTheSameLossAndGradients(String family) {
    FamilyFixture f = FamilyFixture.load(family);
    FirstStep kernel = firstStep(f, Recurrence.KERNEL);
    FirstStep unrolled = firstStep(f, Recurrence.UNROLLED);
    assertEquals(kernel.loss(), unrolled.loss(), LOSS_RTOL * Math.abs(kernel.loss()), family + " loss");
    assertEquals(f.gradients().keySet(), unrolled.gradients().keySet(), "trainable parameters");
    double betweenForms = 0;
    double fromPyTorch = 0;
    for (String p : f.gradients().keySet()) {
      float[] k = kernel.gradients().get(p);
      float[] u = unrolled.gradients().get(p);
      float[] torch = f.gradients().get(p);
      assertTrue(maxAbsDifference(k, u) <= GRADIENT_ATOL, family + ": gradient of " + p
          + " differs between the formulations by " + maxAbsDifference(k, u));
      assertTrue(maxAbsDifference(torch, u) <= PYTORCH_ATOL, family + ": unrolled gradient of " + p
          + " differs from PyTorch's by " + maxAbsDifference(torch, u));
      assertTrue(maxAbs(torch) > 100 * GRADIENT_ATOL, family + ": the gradient of " + p + " is about 0");
      betweenForms = Math.max(betweenForms, maxAbsDifference(k, u));
      fromPyTorch = Math.max(fromPyTorch, maxAbsDifference(torch, u));
    }
    System.out.printf("%s: losses %.8f (kernel) %.8f (unrolled); gradients differ by up to %.2e between the"
        + " forms, %.2e from PyTorch (unrolled)%n", family, kernel.loss(), unrolled.loss(), betweenForms,
        fromPyTorch);
  }

  private FirstStep firstStep(FamilyFixture f, Recurrence form) {
    GradientRegistry rules = GradientRegistry.standard(GradientFormulation.defaults().withRecurrence(form));
    ForwardModel model = OnnxModelImporter.load(f.model(Export.TRAINING)).gradientRegistry(rules).toForwardModel();
    ArtifactPaths paths = ArtifactBuilder.forModel(model).loss(CrossEntropyLoss.create())
        .optimizer(new Optimizer.Sgd()).gradientRegistry(rules).build().writeTo(dir.resolve(form.name()));
    FamilyFixture.Batch batch = f.batches().get(0);
    try (TrainingSession s = TrainingSession.open(paths, SessionConfig.defaults().withThreads(1), 1f);
        OnnxTensor input = s.floatTensor(FloatBuffer.wrap(Tensors.toFloats(batch.input())),
            Tensors.dims(batch.input()));
        OnnxTensor target = s.longTensor(LongBuffer.wrap(Tensors.toLongs(batch.target())),
            Tensors.dims(batch.target()))) {
      OrtCheckpoint before = s.snapshot();
      float loss = s.trainStep(Map.of("input", input, Loss.TARGET, target)).loss();
      s.optimizerStep();
      return new FirstStep(loss, new TreeMap<>(SgdStep.gradients(before, s.snapshot(), model.trainable())));
    }
  }

  private static double maxAbsDifference(float[] a, float[] b) {
    assertEquals(a.length, b.length, "gradient sizes");
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static double maxAbs(float[] a) {
    double max = 0;
    for (float v : a) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}
