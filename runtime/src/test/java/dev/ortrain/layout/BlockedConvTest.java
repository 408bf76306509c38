package dev.ortrain.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.graph.Domains;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import org.junit.jupiter.api.Test;

class BlockedConvTest {
  @Test
  void aConvWhoseChannelsFillBlocksRunsOnTheBlockedKernelReadingItsReorderedInput() {
    ConvolvedGraph c = new ConvolvedGraph().output("h", ConvolvedGraph.FULL);
    ModelProto blocked = c.blocked();
    NodeProto conv = blocked.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).findFirst()
        .orElseThrow();
    assertEquals(Domains.NCHWC, conv.getDomain());
    assertEquals("ReorderInput", ConvolvedGraph.producer(blocked, conv.getInput(0)).getOpType());
    assertEquals("ReorderOutput", ConvolvedGraph.producer(blocked, "h").getOpType());
  }

  @Test
  void anImageWithFewerChannelsThanABlockIsReadAsItIs() {
    ConvolvedGraph c = new ConvolvedGraph();
    c.g.input("image", TensorType.floats(Shape.of(1, 3, 4, 4)));
    c.g.input("v", TensorType.floats(Shape.of(16, 3, 3, 3)));
    c.g.node("Conv").inputs("image", "v").ints("pads", 1, 1, 1, 1).outputs("y");
    c.output("y", ConvolvedGraph.FULL).output("h", ConvolvedGraph.FULL);
    NodeProto conv = ConvolvedGraph.producer(c.blocked(), "y_blocked");
    assertEquals("image", conv.getInput(0));
  }

  @Test
  void groupedConvsAndPartialBlocksAreLeft() {
    ConvolvedGraph c = new ConvolvedGraph();
    c.g.input("grouped_w", TensorType.floats(Shape.of(16, 8, 3, 3)));
    c.g.input("narrow_w", TensorType.floats(Shape.of(12, 16, 3, 3)));
    c.g.node("Conv").inputs("h", "grouped_w").attr("group", 2L).outputs("grouped");
    c.g.node("Conv").inputs("h", "narrow_w").outputs("narrow");
    NodeProto grouped = c.definition("grouped");
    NodeProto narrow = c.definition("narrow");
    assertFalse(BlockedConv.qualifies(c.g, grouped, 8));
    assertFalse(BlockedConv.qualifies(c.g, narrow, 8));
    assertTrue(BlockedConv.qualifies(c.g, narrow, 4));
  }
}
