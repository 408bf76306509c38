package dev.ortrain.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ortrain.graph.Domains;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockedPoolTest {
  private static final TensorType POOLED = TensorType.floats(Shape.of(1, 16, 2, 2));

  @ParameterizedTest
  @ValueSource(strings = {"MaxPool", "AveragePool"})
  void aPlainPoolOfABlockedValueRunsBlocked(String op) {
    ConvolvedGraph c = new ConvolvedGraph();
    c.g.node(op).inputs(c.h).ints("kernel_shape", 2, 2).ints("strides", 2, 2).outputs("pooled");
    ModelProto blocked = c.output("pooled", POOLED).blocked();
    assertEquals(Domains.NCHWC, ConvolvedGraph.producer(blocked, "pooled_blocked").getDomain());
    assertEquals(1, ConvolvedGraph.nchwc(blocked, op));
  }

  @ParameterizedTest
  @ValueSource(strings = {"MaxPool", "AveragePool"})
  void aPaddedPoolStaysStandard(String op) {
    ConvolvedGraph c = new ConvolvedGraph();
    c.g.node(op).inputs(c.h).ints("kernel_shape", 2, 2).ints("strides", 2, 2).ints("pads", 1, 1, 1, 1)
        .outputs("pooled");
    ModelProto blocked = c.output("pooled", TensorType.floats(Shape.of(1, 16, 3, 3))).blocked();
    assertEquals(0, ConvolvedGraph.nchwc(blocked, op));
    assertEquals("", ConvolvedGraph.producer(blocked, "pooled").getDomain());
  }
}
