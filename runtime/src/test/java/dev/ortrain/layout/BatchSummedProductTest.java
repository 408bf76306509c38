package dev.ortrain.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ortrain.graph.LayoutMark;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import org.junit.jupiter.api.Test;

/**
 * The product is rewritten because a gradient rule marked it, not because the chain around it looks like one:
 * the same chain unmarked keeps its MatMul and reads X reordered to channels-last.
 */
class BatchSummedProductTest {
  private static ModelProto productGraph(String perImage) {
    ConvolvedGraph c = new ConvolvedGraph();
    c.g.input("a", TensorType.floats(Shape.of(1, 3, 16)));
    String last = c.g.node("Transpose").inputs(c.h).ints("perm", 0, 2, 3, 1).output("last");
    String rows = c.g.node("Reshape").inputs(last, c.g.int64s("rows_shape", -1, 16, 16)).output("rows");
    c.g.node("MatMul").inputs("a", rows).outputs(perImage);
    c.g.node("ReduceSum").inputs(perImage, c.g.int64s("batch", 0)).attr("keepdims", 0L).outputs("y");
    return c.output("y", TensorType.floats(Shape.of(3, 16))).blocked();
  }

  @Test
  void aMarkedProductMultipliesTheBlockedPanels() {
    ModelProto blocked = productGraph(LayoutMark.BATCH_SUMMED_PRODUCT.output("w"));
    assertEquals("MatMul", ConvolvedGraph.producer(blocked, "y_panel_products").getOpType());
    assertEquals("Reshape", ConvolvedGraph.producer(blocked, "y").getOpType());
    assertEquals(0, ConvolvedGraph.nchwc(blocked, "ReorderOutput"));
  }

  @Test
  void anUnmarkedChainIsLeftAsItIs() {
    ModelProto blocked = productGraph("per_image");
    assertEquals("ReorderOutput", ConvolvedGraph.producer(blocked, "last").getOpType());
    assertEquals("MatMul", ConvolvedGraph.producer(blocked, "per_image").getOpType());
    assertEquals("ReduceSum", ConvolvedGraph.producer(blocked, "y").getOpType());
  }
}
