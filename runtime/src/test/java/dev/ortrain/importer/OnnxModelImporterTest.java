package dev.ortrain.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.gradients.GradientRegistry;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import dev.ortrain.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelImporterTest {
  @TempDir Path dir;

  @Test
  void importsAnExportedMlp() {
    Path file = TestModels.write(TestModels.model(TestModels.mlp(), "logits"), dir, "mlp.onnx");
    ForwardModel m = OnnxModelImporter.load(file).toForwardModel();
    assertEquals("logits", m.prediction());
    assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), m.trainable());
    assertEquals(List.of(), m.frozen());
    GraphProto g = m.model().getGraph();
    assertEquals(List.of("input"), g.getInputList().stream().map(ValueInfoProto::getName).toList());
    assertEquals("[batch, 8]", typeOf(g, "h_relu").shape().toString());
    assertEquals("[batch, 3]", TensorType.fromProto(g.getOutput(0).getType()).shape().toString());
  }

  @Test
  void missingFileIsReported() {
    ModelImportException e = assertThrows(ModelImportException.class,
        () -> OnnxModelImporter.load(dir.resolve("nope.onnx")));
    assertTrue(e.getMessage().contains("not found") && e.getMessage().contains("nope.onnx"), e.getMessage());
  }

  @Test
  void nonOnnxFileIsReported() throws IOException {
    Path file = dir.resolve("notes.onnx");
    Files.writeString(file, "these are not the weights you are looking for\n");
    ModelImportException e = assertThrows(ModelImportException.class, () -> OnnxModelImporter.load(file));
    assertTrue(e.getMessage().contains("is not an ONNX model"), e.getMessage());
  }

  @Test
  void oldOpsetsAreRejectedWithAdvice() {
    ModelProto old = TestModels.withOpset(TestModels.model(TestModels.mlp(), "logits"), 11);
    Path file = TestModels.write(old, dir, "old.onnx");
    ModelImportException e = assertThrows(ModelImportException.class,
        () -> OnnxModelImporter.load(file).toForwardModel());
    assertTrue(e.getMessage().contains("opset 11") && e.getMessage().contains("opset_version=17"), e.getMessage());
  }

  /** An op without a gradient rule between a parameter and the output: every node using it is named. */
  @Test
  void unsupportedOperatorsOnTheGradientPathAreListedWithTheirNodes() {
    GraphBuilder g = TestModels.mlp();
    String k = g.int64s("k", 2);
    g.node("TopK").name("top_a").inputs("logits", k).outputs("top_values_a", "top_indices_a");
    g.node("TopK").name("top_b").inputs("top_values_a", k).outputs("top_values_b", "top_indices_b");
    g.node("LpNormalization").name("lp").inputs("top_values_b").outputs("scores");
    Path file = TestModels.write(TestModels.model(g, "scores"), dir, "topk.onnx");
    UnsupportedOperatorsException e = assertThrows(UnsupportedOperatorsException.class,
        () -> OnnxModelImporter.load(file).toForwardModel());
    assertEquals(Map.of("TopK", List.of("top_a", "top_b"), "LpNormalization", List.of("lp")),
        e.nodesByOperator());
    String msg = e.getMessage();
    assertTrue(msg.contains("TopK: no gradient rule"), msg);
    assertTrue(msg.contains("'top_a', 'top_b'"), msg);
    assertTrue(msg.contains("Operators with a gradient rule: [") && msg.contains("Gemm"), msg);
    assertTrue(msg.contains("freeze"), msg);
  }

  /**
   * What artifact generation would fail on is found at import, all at once: an operator without a rule
   * (Softplus) and a rule that refuses its node (Pad in reflect mode) are both reported, Pad not as
   * unsupported; BatchNormalization and Dropout, trained in their training form, are not "forward only".
   */
  @Test
  void nodesARuleRefusesAreReportedAtImportWithTheOthers() {
    GraphBuilder g = TestModels.mlp();
    g.node("Pad").name("mirror").inputs("logits", g.int64s("pads", 0, 0, 0, 0)).attr("mode", "reflect")
        .outputs("padded");
    g.node("Softplus").name("soft").inputs("padded").outputs("scores");
    Path file = TestModels.write(TestModels.model(g, "scores"), dir, "refused.onnx");
    UnsupportedOperatorsException e = assertThrows(UnsupportedOperatorsException.class,
        () -> OnnxModelImporter.load(file).toForwardModel());
    assertEquals(Map.of("Softplus", List.of("soft")), e.nodesByOperator());
    String msg = e.getMessage();
    assertTrue(msg.contains("Softplus: no gradient rule"), msg);
    assertTrue(msg.contains("Gradient rules that cannot handle these nodes (1):")
        && msg.contains("Pad node 'mirror' in mode 'reflect'"), msg);
    assertTrue(!msg.contains("  Pad:"), "Pad has a rule; only its node is refused: " + msg);
    String forwardOnly = msg.substring(msg.indexOf("Operators supported forward only"));
    assertTrue(!forwardOnly.contains("BatchNormalization") && !forwardOnly.contains("Dropout"), forwardOnly);
  }

  /** Frozen parameters upstream: the op only runs forward, so a shape rule is enough. */
  @Test
  void operatorsWithoutGradientRuleAreFineWhenNothingUpstreamTrains() {
    GraphBuilder g = TestModels.mlp();
    g.node("Sigmoid").name("gate").inputs("logits").outputs("gated");
    g.initializer(Tensors.floats("head.weight", new long[] {3, 3}, TestModels.random(9, 5)));
    g.node("Gemm").name("head").inputs("gated", "head.weight").attr("transB", 1L).outputs("scores");
    Path file = TestModels.write(TestModels.model(g, "scores"), dir, "gate.onnx");
    GradientRegistry noSigmoid = new GradientRegistry().register("Gemm", ctx -> { }).register("Relu", ctx -> { });

    UnsupportedOperatorsException e = assertThrows(UnsupportedOperatorsException.class,
        () -> OnnxModelImporter.load(file).gradientRegistry(noSigmoid).toForwardModel());
    assertEquals(Map.of("Sigmoid", List.of("gate")), e.nodesByOperator());

    ForwardModel m = OnnxModelImporter.load(file).gradientRegistry(noSigmoid).freezePrefix("fc").toForwardModel();
    assertEquals(List.of("head.weight"), m.trainable());
    assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), m.frozen());
  }

  @Test
  void operatorsWithoutShapeRuleAreReported() {
    GraphBuilder g = new GraphBuilder("custom");
    g.input("input", TensorType.floats(Shape.batched(4)));
    g.add(NodeProto.newBuilder().setName("mystery").setOpType("Mystery").setDomain("com.example")
        .addInput("input").addOutput("x").build());
    g.initializer(Tensors.floats("fc.weight", new long[] {3, 4}, TestModels.random(12, 1)));
    g.node("Gemm").name("fc").inputs("x", "fc.weight").attr("transB", 1L).outputs("logits");
    Path file = TestModels.write(TestModels.model(g, "logits"), dir, "custom.onnx");
    UnsupportedOperatorsException e = assertThrows(UnsupportedOperatorsException.class,
        () -> OnnxModelImporter.load(file).toForwardModel());
    assertEquals(Map.of("com.example::Mystery", List.of("mystery")), e.nodesByOperator());
    assertTrue(e.getMessage().contains("com.example::Mystery: no shape inference"), e.getMessage());
  }

  @Test
  void severalOutputsNeedAChoiceAndTheOtherHeadIsDropped() {
    GraphBuilder g = TestModels.mlp();
    String k = g.int64s("k", 1);
    g.node("TopK").name("best").inputs("h_relu", k).outputs("best_values", "best_indices");
    ModelProto model = TestModels.model(g, "logits");
    model = model.toBuilder().setGraph(model.getGraph().toBuilder()
        .addOutput(new TensorType(DataType.FLOAT, Shape.batched(1)).valueInfo("best_values"))).build();
    Path file = TestModels.write(model, dir, "two_heads.onnx");

    ModelImportException e = assertThrows(ModelImportException.class,
        () -> OnnxModelImporter.load(file).toForwardModel());
    assertTrue(e.getMessage().contains("[logits, best_values]") && e.getMessage().contains("prediction(name)"),
        e.getMessage());
    ModelImportException unknown = assertThrows(ModelImportException.class,
        () -> OnnxModelImporter.load(file).prediction("probabilities").toForwardModel());
    assertTrue(unknown.getMessage().contains("probabilities"), unknown.getMessage());

    ForwardModel m = OnnxModelImporter.load(file).prediction("logits").toForwardModel();
    GraphProto pruned = m.model().getGraph();
    assertFalse(pruned.getNodeList().stream().anyMatch(n -> n.getOpType().equals("TopK")));
    assertFalse(pruned.getInitializerList().stream().anyMatch(t -> t.getName().equals(k)));
    assertEquals(List.of("logits"), pruned.getOutputList().stream().map(ValueInfoProto::getName).toList());
  }

  @Test
  void anIntermediateValueCanBeThePrediction() {
    GraphBuilder g = TestModels.mlp();
    g.node("Softmax").name("softmax").inputs("logits").attr("axis", 1L).outputs("probabilities");
    Path file = TestModels.write(TestModels.model(g, "probabilities"), dir, "softmax.onnx");
    ForwardModel m = OnnxModelImporter.load(file).prediction("logits").toForwardModel();
    assertEquals("logits", m.prediction());
    assertTrue(m.model().getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("Softmax")));
  }

  static TensorType typeOf(GraphProto g, String value) {
    for (ValueInfoProto v : g.getValueInfoList()) {
      if (v.getName().equals(value)) {
        return TensorType.fromProto(v.getType());
      }
    }
    throw new AssertionError("no value_info for " + value);
  }

  static TensorProto initializer(GraphProto g, String name) {
    return g.getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
  }
}
