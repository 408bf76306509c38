package dev.ortrain.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockedElementwiseTest {
  @Test
  void sameShapedOperandsRunBlockedTheUnblockedOneReordered() {
    ConvolvedGraph c = new ConvolvedGraph();
    c.g.input("other", ConvolvedGraph.FULL);
    c.g.node("Add").inputs(c.h, "other").outputs("sum");
    c.g.valueType("sum", ConvolvedGraph.FULL);
    ModelProto blocked = c.output("sum", ConvolvedGraph.FULL).blocked();
    assertEquals(List.of("h_blocked", "other_blocked"), ConvolvedGraph.producer(blocked, "sum_blocked").getInputList());
    assertEquals("ReorderInput", ConvolvedGraph.producer(blocked, "other_blocked").getOpType());
  }

  /**
   * Where every operand is at hand in NCHW and one has no blocked twin, the op stays standard: blocked, it would
   * reorder that operand in and its result out again for a standard reader.
   */
  @Test
  void operandsAtHandInNchwKeepTheOpStandardUnlessAllAreBlocked() {
    ConvolvedGraph c = new ConvolvedGraph();
    c.g.input("other", ConvolvedGraph.FULL);
    c.g.node("Sigmoid").inputs(c.h).outputs("s"); // a standard reader: h is reordered out before it
    c.g.valueType("s", ConvolvedGraph.FULL);
    c.g.node("Add").inputs(c.h, "other").outputs("sum");
    c.g.valueType("sum", ConvolvedGraph.FULL);
    c.g.node("Mul").inputs(c.h, c.h).outputs("square");
    c.g.valueType("square", ConvolvedGraph.FULL);
    ModelProto blocked = c.output("s", ConvolvedGraph.FULL).output("sum", ConvolvedGraph.FULL)
        .output("square", ConvolvedGraph.FULL).blocked();
    assertEquals(List.of("h", "other"), ConvolvedGraph.producer(blocked, "sum").getInputList());
    assertEquals(List.of("h_blocked", "h_blocked"), ConvolvedGraph.producer(blocked, "square_blocked").getInputList());
    assertTrue(blocked.getGraph().getNodeList().stream().noneMatch(n -> n.getInputList().contains("other")
        && n.getOpType().equals("ReorderInput")), "other is reordered in");
  }

  @Test
  void anOperandBroadcastAcrossSpaceKeepsTheOpStandard() {
    ConvolvedGraph c = new ConvolvedGraph();
    c.g.input("per_channel", TensorType.floats(Shape.of(1, 16, 1, 1)));
    c.g.node("Mul").inputs(c.h, "per_channel").outputs("scaled");
    c.g.valueType("scaled", ConvolvedGraph.FULL);
    ModelProto blocked = c.output("scaled", ConvolvedGraph.FULL).blocked();
    assertEquals(List.of("h", "per_channel"), ConvolvedGraph.producer(blocked, "scaled").getInputList());
  }

  @Test
  void anActivationGradientRunsBlockedAndAnEqualOnlyWhenCastToFloat() {
    ConvolvedGraph c = new ConvolvedGraph();
    c.g.input("dy", ConvolvedGraph.FULL);
    c.g.msNode("ReluGrad").inputs("dy", c.h).outputs("dx");
    c.g.valueType("dx", ConvolvedGraph.FULL);
    TensorType mask = new TensorType(DataType.BOOL, Shape.of(1, 16, 4, 4));
    c.g.node("Equal").inputs(c.h, "dy").outputs("same");
    c.g.valueType("same", mask);
    c.g.node("Cast").inputs("same").attr("to", (long) DataType.FLOAT.onnxCode()).outputs("same_float");
    c.g.node("Equal").inputs(c.h, "dx").outputs("kept");
    c.g.valueType("kept", mask);
    ModelProto blocked = c.output("same_float", ConvolvedGraph.FULL).output("kept", mask).blocked();
    assertEquals("ReluGrad", ConvolvedGraph.producer(blocked, "dx_blocked").getOpType());
    assertEquals("Equal", ConvolvedGraph.producer(blocked, "same_blocked").getOpType());
    assertEquals(List.of("h", "dx"), ConvolvedGraph.producer(blocked, "kept").getInputList());
  }
}
