package dev.ortrain.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowBroadcastTest {
  @Test
  void theOpBroadcastsTheSharedRowsOverEachGroupOfFullRows() {
    ModelProto blocked = Upsampling.multiplied().blocked();
    NodeProto mul = ConvolvedGraph.producer(blocked, "product_rows");
    assertEquals("Mul", mul.getOpType());
    assertEquals(List.of("up_shared_rows", "full_row_groups"), mul.getInputList());
    assertEquals("ReorderInput", ConvolvedGraph.producer(blocked, "full_blocked").getOpType());
    assertEquals("Reshape", ConvolvedGraph.producer(blocked, "product_blocked").getOpType());
    assertEquals("ReorderOutput", ConvolvedGraph.producer(blocked, "product").getOpType());
  }
}
