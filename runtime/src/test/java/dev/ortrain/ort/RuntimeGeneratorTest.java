package dev.ortrain.ort;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.Domains;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import org.junit.jupiter.api.Test;

class RuntimeGeneratorTest {
  private static ModelProto with(NodeProto.Builder node) {
    return ModelProto.newBuilder().setGraph(GraphProto.newBuilder().addNode(NodeProto.newBuilder().setOpType("Relu"))
        .addNode(node)).build();
  }

  private static NodeProto.Builder node(String domain, String op, String... inputs) {
    return NodeProto.newBuilder().setDomain(domain).setOpType(op).addAllInput(java.util.List.of(inputs));
  }

  @Test
  void randomOperatorsWithoutASeedDraw() {
    assertTrue(RuntimeGenerator.drawnFromBy(with(node(Domains.ONNX, "RandomUniformLike", "x"))));
    assertTrue(RuntimeGenerator.drawnFromBy(with(node(Domains.ONNX, "Bernoulli", "x"))));
    assertTrue(RuntimeGenerator.drawnFromBy(with(node(Domains.MICROSOFT, "BitmaskDropout", "x"))));
    assertFalse(RuntimeGenerator.drawnFromBy(with(node(Domains.ONNX, "RandomNormal")
        .addAttribute(Attributes.of("seed", 3f)))));
    assertFalse(RuntimeGenerator.drawnFromBy(with(node(Domains.MICROSOFT, "BiasDropout", "x")
        .addAttribute(Attributes.of("seed", 3L)))));
    assertFalse(RuntimeGenerator.drawnFromBy(with(node("ai.custom", "RandomUniform"))));
  }

  @Test
  void aDropoutDrawsInTrainingModeOnly() {
    assertTrue(RuntimeGenerator.drawnFromBy(with(node(Domains.ONNX, "Dropout", "x", "ratio", "training_mode"))));
    assertFalse(RuntimeGenerator.drawnFromBy(with(node(Domains.ONNX, "Dropout", "x", "ratio"))));
    assertFalse(RuntimeGenerator.drawnFromBy(with(node(Domains.ONNX, "Dropout", "x", "", ""))));
    assertFalse(RuntimeGenerator.drawnFromBy(with(node(Domains.ONNX, "Relu", "x"))));
  }
}
