package dev.ortrain.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import org.junit.jupiter.api.Test;

class ChannelsLastReorderTest {
  @Test
  void aBlockedValueIsReorderedStraightToChannelsLast() {
    ConvolvedGraph c = new ConvolvedGraph();
    c.g.node("Transpose").inputs(c.h).ints("perm", 0, 2, 3, 1).outputs("nhwc");
    ModelProto blocked = c.output("nhwc", TensorType.floats(Shape.of(1, 4, 4, 16))).blocked();
    NodeProto reorder = ConvolvedGraph.producer(blocked, "nhwc");
    assertEquals("ReorderOutput", reorder.getOpType());
    assertEquals(1L, Attributes.getInt(reorder, "channels_last", 0));
    assertEquals(16L, Attributes.getInt(reorder, "channels", 0));
  }

  @Test
  void anotherPermutationReadsTheNchwValue() {
    ConvolvedGraph c = new ConvolvedGraph();
    c.g.node("Transpose").inputs(c.h).ints("perm", 0, 1, 3, 2).outputs("swapped");
    ModelProto blocked = c.output("swapped", ConvolvedGraph.FULL).blocked();
    assertEquals("Transpose", ConvolvedGraph.producer(blocked, "swapped").getOpType());
    assertEquals("ReorderOutput", ConvolvedGraph.producer(blocked, c.h).getOpType());
  }
}
