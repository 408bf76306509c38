package dev.ortrain.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.onnx.proto.Onnx.NodeProto;
import org.junit.jupiter.api.Test;

class LayoutMarkTest {
  private static NodeProto node(String op, String domain, String output) {
    return NodeProto.newBuilder().setOpType(op).setDomain(domain).addOutput(output).build();
  }

  @Test
  void marksTheOperatorsNodesWithMarkedOutputsNumberedOrNot() {
    LayoutMark mark = LayoutMark.BATCH_SUMMED_PRODUCT;
    String marked = mark.output("conv1.weight");
    assertEquals("conv1.weight_grad_per_image", marked);
    assertTrue(mark.marks(node("MatMul", "", marked)));
    assertTrue(mark.marks(node("MatMul", "", marked + "_2")), "a shared weight's second product");
    assertFalse(mark.marks(node("ReduceSum", "", marked)), "another operator");
    assertFalse(mark.marks(node("MatMul", Domains.MICROSOFT, marked)), "another domain");
    assertFalse(mark.marks(node("MatMul", "", "conv1.weight_grad_rows")), "an unmarked output");
  }
}
