package dev.ortrain.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.Domains;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import org.junit.jupiter.api.Test;

class BlockedUpsampleTest {
  @Test
  void aNearestUpsamplingOfABlockedValueRunsBlockedInBothAxes() {
    ConvolvedGraph c = new ConvolvedGraph();
    Upsampling.of(c, "up");
    ModelProto blocked = c.output("up", Upsampling.UPSAMPLED).blocked();
    NodeProto upsample = ConvolvedGraph.producer(blocked, "up_blocked");
    assertEquals(Domains.NCHWC, upsample.getDomain());
    assertArrayEquals(new long[] {1, 1, 2, 2}, Attributes.getInts(upsample, "scales", null));
  }

  @Test
  void aLinearResizeStaysStandard() {
    ConvolvedGraph c = new ConvolvedGraph();
    String scales = c.g.initializer(Tensors.floats("scales", new long[] {4}, new float[] {1, 1, 2, 2}));
    c.g.node("Resize").inputs(c.h, "", scales).attr("mode", "linear").outputs("up");
    ModelProto blocked = c.output("up", Upsampling.UPSAMPLED).blocked();
    assertEquals(0, ConvolvedGraph.nchwc(blocked, "Upsample"));
    assertEquals("Resize", ConvolvedGraph.producer(blocked, "up").getOpType());
  }
}
