package dev.ortrain.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.gradients.GradientRegistry;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.OnnxModels;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterSelectionTest {
  @TempDir Path dir;

  /** Gemm → BatchNorm → Dropout → ×0.5 → ×scale → Reshape, the constants as exporters write them. */
  private Path model() {
    GraphBuilder g = new GraphBuilder("params");
    g.input("input", TensorType.floats(Shape.batched(4)));
    g.initializer(Tensors.floats("fc.weight", new long[] {8, 4}, TestModels.random(32, 1)));
    g.initializer(Tensors.floats("fc.bias", new long[] {8}, TestModels.random(8, 2)));
    g.initializer(Tensors.floats("bn.weight", new long[] {8}, TestModels.random(8, 3)));
    g.initializer(Tensors.floats("bn.bias", new long[] {8}, TestModels.random(8, 4)));
    g.initializer(Tensors.floats("bn.running_mean", new long[] {8}, new float[8]));
    g.initializer(Tensors.floats("bn.running_var", new long[] {8}, 1, 1, 1, 1, 1, 1, 1, 1));
    g.initializer(Tensors.floats("ratio", new long[0], 0.1f));
    g.initializer(Tensors.floats("half", new long[0], 0.5f));
    g.initializer(Tensors.floats("scale", new long[] {8}, TestModels.random(8, 5)));
    g.initializer(Tensors.int64s("target_shape", new long[] {2}, 0, -1));
    g.node("Gemm").name("fc").inputs("input", "fc.weight", "fc.bias").attr("transB", 1L).outputs("h");
    g.node("BatchNormalization").name("bn")
        .inputs("h", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var").outputs("normed");
    g.node("Dropout").name("drop").inputs("normed", "ratio").outputs("dropped");
    g.node("Mul").name("halve").inputs("dropped", "half").outputs("halved");
    g.node("Mul").name("rescale").inputs("halved", "scale").outputs("scaled");
    g.node("Reshape").name("reshape").inputs("scaled", "target_shape").outputs("out");
    g.output("out", TensorType.floats(Shape.batched(8)));
    return TestModels.write(OnnxModels.model(g.build(), Map.of()), dir, "params.onnx");
  }

  /**
   * Claims gradients for every operator of the model in its training form (BatchNormalization becomes
   * BatchNormInternal, Dropout a Mul by its mask): selection is under test here, the rules are the gradients
   * package's.
   */
  private static final GradientRegistry ALL_OPS = new GradientRegistry();

  static {
    for (String op : List.of("Gemm", "BatchNormalization", "Dropout", "Mul", "Reshape")) {
      ALL_OPS.register(op, ctx -> { });
    }
    ALL_OPS.register(dev.ortrain.graph.Domains.MICROSOFT, "BatchNormInternal", ctx -> { });
  }

  private OnnxModelImporter importer() {
    return OnnxModelImporter.load(model()).gradientRegistry(ALL_OPS);
  }

  @Test
  void weightsTrainStatisticsFreezeConstantsStay() {
    ForwardModel m = importer().toForwardModel();
    assertEquals(List.of("fc.weight", "fc.bias", "bn.weight", "bn.bias", "scale"), m.trainable());
    assertEquals(List.of("bn.running_mean", "bn.running_var"), m.frozen());
    Set<String> initializers = m.model().getGraph().getInitializerList().stream().map(TensorProto::getName)
        .collect(Collectors.toSet());
    assertTrue(initializers.containsAll(Set.of("ratio", "half", "target_shape")), initializers.toString());
  }

  @Test
  void callerFreezesByNameAndPrefixAndTrainsAScalar() {
    ForwardModel m = importer().freeze("fc.bias").freezePrefix("bn.").train("half")
        .toForwardModel();
    assertEquals(List.of("fc.weight", "half", "scale"), m.trainable());
    assertEquals(List.of("fc.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"), m.frozen());
  }

  @Test
  void unknownNamesAreListedTogether() {
    ModelImportException e = assertThrows(ModelImportException.class, () -> importer()
        .freeze("fc.bais", "ratio").freezePrefix("encoder.").train("missing").toForwardModel());
    String msg = e.getMessage();
    assertTrue(msg.contains("freeze: 'fc.bais' is not a parameter"), msg);
    assertTrue(msg.contains("freeze: 'ratio' is not a parameter"), msg);
    assertTrue(msg.contains("freezePrefix: no parameter starts with 'encoder.'"), msg);
    assertTrue(msg.contains("train: 'missing' is not a float initializer"), msg);
    assertTrue(msg.contains("[fc.weight, fc.bias, bn.weight, bn.bias, scale, bn.running_mean, bn.running_var]"), msg);
  }
}
