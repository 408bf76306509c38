package dev.ortrain.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import org.junit.jupiter.api.Test;

class BlockedUnaryTest {
  @Test
  void reluAndACastToFloatRunOnTheBlockedTensor() {
    ConvolvedGraph c = new ConvolvedGraph();
    c.g.node("Relu").inputs(c.h).outputs("r");
    c.g.node("Cast").inputs("r").attr("to", (long) DataType.FLOAT.onnxCode()).outputs("f");
    ModelProto blocked = c.output("f", ConvolvedGraph.FULL).blocked();
    assertEquals("Relu", ConvolvedGraph.producer(blocked, "r_blocked").getOpType());
    assertEquals("Cast", ConvolvedGraph.producer(blocked, "f_blocked").getOpType());
    assertEquals("ReorderOutput", ConvolvedGraph.producer(blocked, "f").getOpType());
  }

  @Test
  void aCastToAnotherTypeReadsTheNchwValue() {
    ConvolvedGraph c = new ConvolvedGraph();
    c.g.node("Cast").inputs(c.h).attr("to", (long) DataType.INT64.onnxCode()).outputs("i");
    ModelProto blocked = c.output("i", new TensorType(DataType.INT64, Shape.of(1, 16, 4, 4))).blocked();
    assertEquals(c.h, ConvolvedGraph.producer(blocked, "i").getInput(0));
    assertEquals("ReorderOutput", ConvolvedGraph.producer(blocked, c.h).getOpType());
  }
}
