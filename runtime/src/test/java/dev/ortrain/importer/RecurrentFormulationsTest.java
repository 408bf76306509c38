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
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.Tensors;
import dev.ortrain.importer.FamilyFixture.Export;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.loss.Loss;
import dev.ortrain.nn.GRU;
import dev.ortrain.nn.LSTM;
import dev.ortrain.nn.StateDict;
import dev.ortrain.session.SessionConfig;
import dev.ortrain.session.TrainingSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two formulations of LSTM and GRU (kernels, unrolled) train the 2-layer recurrent classifiers of
 * make_family_fixtures.py (training-mode export, unidirectional and bidirectional), and the bidirectional
 * ones written in Java, alike: the first step's loss and every gradient agree with each other and with
 * PyTorch's.
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

  /** Imported as PyTorch exports them: a bidirectional layer is one node of direction bidirectional. */
  @ParameterizedTest
  @ValueSource(strings = {"lstm", "gru", "bilstm", "bigru_state"})
  void bothFormulationsGiveTheSameLossAndGradients(String family) {
    FamilyFixture f = FamilyFixture.load(family);
    assertAlike(f, firstStep(f, Recurrence.KERNEL, imported(f, Recurrence.KERNEL)),
        firstStep(f, Recurrence.UNROLLED, imported(f, Recurrence.UNROLLED)), zeroGradients(family));
  }

  /** Bidirectional layers written in Java: their reverse direction is a forward node over the reversed steps. */
  @ParameterizedTest
  @ValueSource(strings = {"bilstm", "bigru_state"})
  void bothFormulationsTrainJavaWrittenBidirectionalLayersAlike(String family) {
    FamilyFixture f = FamilyFixture.load(family);
    Supplier<ForwardModel> model = () -> StateDict.fromOnnx(f.model(Export.TRAINING)).loadInto(
        (family.equals("bilstm") ? new JavaWrittenFamiliesTest.RecurrentClassifier(new LSTM(5, 12, 2).bidirectional(), 24)
            : new JavaWrittenFamiliesTest.LastStateClassifier(new GRU(5, 12, 2).bidirectional().lastState(), 24))
            .build(Shape.batched(7, 5), 0L));
    assertAlike(f, firstStep(f, Recurrence.KERNEL, model.get()), firstStep(f, Recurrence.UNROLLED, model.get()),
        zeroGradients(family));
  }

  /**
   * The parameters whose gradient is 0 in PyTorch too: the bilstm classifier reads the last step, where the top
   * reverse direction has taken one step from a zero state, so its recurrent weight gets no gradient.
   */
  private static Set<String> zeroGradients(String family) {
    return family.equals("bilstm") ? Set.of("rnn.weight_hh_l1_reverse") : Set.of();
  }

  /** The forms agree with each other and with PyTorch; every gradient but those of {@code zero} is not 0. */
  private static void assertAlike(FamilyFixture f, FirstStep kernel, FirstStep unrolled, Set<String> zero) {
    String family = f.family();
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
      assertEquals(zero.contains(p), maxAbs(torch) <= 100 * GRADIENT_ATOL, family + ": the gradient of " + p
          + (zero.contains(p) ? " is not 0" : " is about 0"));
      betweenForms = Math.max(betweenForms, maxAbsDifference(k, u));
      fromPyTorch = Math.max(fromPyTorch, maxAbsDifference(torch, u));
    }
    System.out.printf("%s: losses %.8f (kernel) %.8f (unrolled); gradients differ by up to %.2e between the"
        + " forms, %.2e from PyTorch (unrolled)%n", family, kernel.loss(), unrolled.loss(), betweenForms,
        fromPyTorch);
  }

  private static GradientRegistry rules(Recurrence form) {
    return GradientRegistry.standard(GradientFormulation.defaults().withRecurrence(form));
  }

  private static ForwardModel imported(FamilyFixture f, Recurrence form) {
    return OnnxModelImporter.load(f.model(Export.TRAINING)).gradientRegistry(rules(form)).toForwardModel();
  }

  private FirstStep firstStep(FamilyFixture f, Recurrence form, ForwardModel model) {
    GradientRegistry rules = rules(form);
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
