package dev.ortrain.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.importer.FamilyFixture.Export;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model families of make_family_fixtures.py, imported from each export PyTorch makes of them, train
 * as in PyTorch: the losses of three SGD and three AdamW steps equal PyTorch's to 1e-5 relative, and the
 * first batch's gradients equal PyTorch's to 1e-4.
 */
class FamilyAgreementTest {
  private static final double GRADIENT_ATOL = 1e-4;
  /** The families ortrain trains; the script exports more (see make_family_fixtures.py). */
  private static final List<String> FAMILIES =
      List.of("resnet", "transformer", "causal_lm", "vit", "conv1d", "autoencoder", "unet", "lstm", "gru",
          "bilstm", "bigru_state");
  private static final Map<String, String> REFUSED = RefusedExports.REFUSED;

  @TempDir Path dir;

  static Stream<Arguments> exports() {
    return allExports().filter(a -> !REFUSED.containsKey(a.get()[0] + " " + a.get()[1]));
  }

  static Stream<Arguments> refusedExports() {
    return allExports().filter(a -> REFUSED.containsKey(a.get()[0] + " " + a.get()[1]));
  }

  private static Stream<Arguments> allExports() {
    List<Arguments> all = new ArrayList<>();
    for (String family : FAMILIES) {
      FamilyFixture f = FamilyFixture.load(family);
      for (Export e : Export.values()) {
        if (f.has(e)) {
          all.add(Arguments.of(family, e));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("refusedExports")
  void exportsThatLostTheModelAreRefusedWithTheRecipe(String family, Export export) {
    FamilyFixture f = FamilyFixture.load(family);
    ModelImportException e = assertThrows(ModelImportException.class,
        () -> OnnxModelImporter.load(f.model(export)).toForwardModel());
    assertTrue(e.getMessage().contains(REFUSED.get(family + " " + export)), e.getMessage());
    assertTrue(e.getMessage().contains("training=torch.onnx.TrainingMode.TRAINING, do_constant_folding=False"),
        e.getMessage());
  }

  /** The language model's output layer shares the embedding's matrix: one parameter, as in PyTorch. */
  @Test
  void tiedWeightsStayOneParameter() {
    ForwardModel model = OnnxModelImporter.load(FamilyFixture.load("causal_lm").model(Export.TRAINING))
        .toForwardModel();
    assertTrue(model.trainable().contains("embed.weight"), model.trainable().toString());
    assertFalse(model.trainable().contains("out.weight"), model.trainable().toString());
    long readers = model.model().getGraph().getNodeList().stream()
        .filter(n -> n.getInputList().contains("embed.weight")).count();
    assertEquals(2, readers, "the embedding's Gather and the output layer's product read one parameter");
  }

  /**
   * The eval-mode export merged the cloned encoder layers' equal weights and all LayerNorm scales (ones) into
   * Identity nodes of one initializer: each is a parameter of its own again, under its PyTorch name.
   */
  @Test
  void parametersTheTorchScriptExporterMergedAreSeparateAgain() {
    ForwardModel model = OnnxModelImporter.load(FamilyFixture.load("transformer").model(Export.EVAL))
        .toForwardModel();
    for (String p : MERGED_IN_TRANSFORMER) {
      assertTrue(model.trainable().contains(p), p + " in " + model.trainable());
    }
    Set<String> initializers = new java.util.HashSet<>();
    model.model().getGraph().getInitializerList().forEach(t -> initializers.add(t.getName()));
    assertTrue(model.model().getGraph().getNodeList().stream()
        .noneMatch(n -> n.getOpType().equals("Identity") && initializers.contains(n.getInput(0))),
        "no parameter is read through an Identity of another");
  }

  /**
   * The dynamo exporter rewired the merged parameters' readers to one initializer; each reader's metadata
   * names the parameter it read, which gets its own copy again.
   */
  @Test
  void parametersTheDynamoExporterMergedAreSeparateAgain() throws java.io.IOException {
    dev.ortrain.onnx.proto.Onnx.ModelProto exported = dev.ortrain.onnx.proto.Onnx.ModelProto.parseFrom(
        java.nio.file.Files.readAllBytes(FamilyFixture.load("transformer").model(Export.DYNAMO)));
    MergedParameters.Result result = MergedParameters.untie(exported.getGraph());
    for (String p : MERGED_IN_TRANSFORMER) {
      assertTrue(result.untied().containsKey(p), p + " in " + result.untied());
    }
    assertEquals("encoder.layers.0.norm1.weight", result.untied().get("encoder.layers.1.norm2.weight"));
    assertTrue(result.untied().containsValue("val_6"), "layer 1 reads a copy of the folded in-projection");
    long readersOfLayer0Scale = result.graph().getNodeList().stream()
        .filter(n -> n.getInputList().contains("encoder.layers.0.norm1.weight")).count();
    assertEquals(1, readersOfLayer0Scale, "only layer 0's first LayerNorm reads its own scale");
  }

  /**
   * Both folding exports stored the output layer's transposed view of the tied embedding as a constant of
   * its own (the dynamo export names the shared matrix after the output layer).
   */
  @ParameterizedTest
  @CsvSource({"EVAL, embed.weight, onnx::MatMul_445", "DYNAMO, out.weight, val_221"})
  void aTieBrokenByConstantFoldingIsTiedAgain(Export export, String parameter, String copy) {
    ForwardModel model = OnnxModelImporter.load(FamilyFixture.load("causal_lm").model(export)).toForwardModel();
    assertTrue(model.trainable().contains(parameter), model.trainable().toString());
    assertFalse(model.trainable().contains(copy), "the folded copy is no parameter of its own");
    assertTrue(model.model().getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("Transpose")
        && n.getInput(0).equals(parameter) && n.getOutput(0).equals(copy)),
        "the output layer reads the embedding through a Transpose");
  }

  /** The dynamo optimizer dropped the attention output projections' zero biases; they train again. */
  @Test
  void biasesTheDynamoOptimizerRemovedTrainAgain() {
    ForwardModel model = OnnxModelImporter.load(FamilyFixture.load("transformer").model(Export.DYNAMO))
        .toForwardModel();
    for (String p : List.of("encoder.layers.0.self_attn.out_proj.bias", "encoder.layers.1.self_attn.out_proj.bias")) {
      assertTrue(model.trainable().contains(p), p + " in " + model.trainable());
    }
  }

  private static final List<String> MERGED_IN_TRANSFORMER = List.of("encoder.layers.1.norm1.weight",
      "encoder.layers.1.norm2.weight", "encoder.layers.0.norm2.bias", "encoder.layers.1.self_attn.out_proj.weight");

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("exports")
  void lossesOfSgdAndAdamWStepsMatchPyTorch(String family, Export export) {
    FamilyFixture f = FamilyFixture.load(family);
    ForwardModel model = OnnxModelImporter.load(f.model(export)).toForwardModel();
    FamilyTrainer.assertLosses("SGD", f.sgdLosses(), FamilyTrainer.trajectory(dir, f, model, new Optimizer.Sgd(), FamilyFixture.SGD_LR));
    FamilyTrainer.assertLosses("AdamW", f.adamwLosses(),
        FamilyTrainer.trajectory(dir, f, model, Optimizer.AdamW.defaults(), FamilyFixture.ADAMW_LR));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("exports")
  void firstGradientsMatchPyTorch(String family, Export export) {
    FamilyFixture f = FamilyFixture.load(family);
    ForwardModel model = OnnxModelImporter.load(f.model(export)).toForwardModel();
    if (export == Export.TRAINING) {
      // The recipe of the README keeps every parameter under its PyTorch name, tied ones once.
      assertEquals(f.gradients().keySet(), new TreeSet<>(model.trainable()), "trainable parameters");
    }
    Map<String, float[]> gradients = FamilyTrainer.firstGradients(dir, f, model);
    int compared = 0;
    for (Map.Entry<String, float[]> e : gradients.entrySet()) {
      float[] expected = f.gradients().get(e.getKey());
      if (expected == null) {
        continue; // a parameter the exporter renamed (an eval-mode export's folded transpose)
      }
      Agreement a = Agreement.of(expected, e.getValue());
      assertTrue(a.maxAbs() <= GRADIENT_ATOL, family + " " + export + ": gradient of " + e.getKey()
          + " differs from PyTorch's by up to " + a.maxAbs() + " (relative " + a.maxRel() + ")");
      compared++;
    }
    assertTrue(compared > 0, "no parameter of " + export + " kept its PyTorch name");
  }
}
