package dev.ortrain.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ortrain.graph.Attributes;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import org.junit.jupiter.api.Test;

class RowUpsampleTest {
  @Test
  void anUpsamplingThatOnlyElementwiseOpsReadIsWidenedOnly() {
    ModelProto blocked = Upsampling.multiplied().blocked();
    assertEquals(1, ConvolvedGraph.nchwc(blocked, "Upsample"));
    NodeProto widened = ConvolvedGraph.producer(blocked, "up_widened_blocked");
    assertArrayEquals(new long[] {1, 1, 1, 2}, Attributes.getInts(widened, "scales", null));
  }

  @Test
  void anUpsamplingThatIsAlsoAGraphOutputIsUpsampledInFull() {
    ModelProto blocked = Upsampling.multiplied().output("up", Upsampling.UPSAMPLED).blocked();
    assertArrayEquals(new long[] {1, 1, 2, 2},
        Attributes.getInts(ConvolvedGraph.producer(blocked, "up_blocked"), "scales", null));
  }
}
