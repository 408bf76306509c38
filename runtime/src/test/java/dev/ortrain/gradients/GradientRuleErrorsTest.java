package dev.ortrain.gradients;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.GraphBuilder;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Forward graphs the rules cannot differentiate fail while the artifacts are built, saying why and what to do. */
class GradientRuleErrorsTest {

  /** x (a parameter of the given shape) → nodes added by {@code forward} → "y" → ReduceSum → loss. */
  static RuntimeException differentiate(Shape xShape, Consumer<GraphBuilder> forward) {
    GraphBuilder g = new GraphBuilder("g");
    g.input("x", TensorType.floats(xShape));
    forward.accept(g);
    g.node("ReduceSum").inputs("y").attr("keepdims", 0L).outputs("loss");
    g.valueType("loss", TensorType.floats(Shape.of()));
    return assertThrows(RuntimeException.class, () -> {
      TrainingRewrite.apply(g);
      GradientBuilder.differentiate(g, GradientRegistry.standard(), "loss", g.scalar("seed", 1f), List.of("x"));
    });
  }

  static void assertMentions(RuntimeException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "message should mention '" + part + "': " + e.getMessage());
    }
  }

  @Test
  void castToAnotherFloatTypeIsRejected() {
    RuntimeException e = differentiate(Shape.of(3), g -> {
      g.node("Cast").inputs("x").attr("to", (long) DataType.DOUBLE.onnxCode()).outputs("y");
      g.valueType("y", new TensorType(DataType.DOUBLE, Shape.of(3)));
    });
    assertMentions(e, "float-to-float");
  }

  @Test
  void averagePoolOverASymbolicImageSizeIsRejected() {
    RuntimeException e = differentiate(Shape.fromProto(symbolicImage()), g -> {
      g.node("AveragePool").inputs("x").ints("kernel_shape", 2, 2).outputs("y");
      g.valueType("y", TensorType.floats(Shape.fromProto(symbolicImage())));
    });
    assertMentions(e, "AveragePool", "fixed input size");
  }

  @Test
  void convWithAutoPadOverASymbolicImageSizeIsRejected() {
    RuntimeException e = differentiate(Shape.fromProto(symbolicImage()), g -> {
      g.input("w", TensorType.floats(Shape.of(1, 1, 3, 3)));
      g.node("Conv").inputs("x", "w").attr("auto_pad", "SAME_UPPER").outputs("y");
      g.valueType("y", TensorType.floats(Shape.fromProto(symbolicImage())));
    });
    assertMentions(e, "auto_pad=SAME_UPPER", "explicit pads");
  }

  @Test
  void fastGeluWithBiasIsRejected() {
    RuntimeException e = differentiate(Shape.of(3), g -> {
      g.input("b", TensorType.floats(Shape.of(3)));
      g.msNode("FastGelu").inputs("x", "b").outputs("y");
    });
    assertMentions(e, "bias input", "separate Add");
  }

  @Test
  void unknownGeluApproximationIsRejected() {
    RuntimeException e = differentiate(Shape.of(3), g -> g.node("Gelu").inputs("x").attr("approximate", "fast")
        .outputs("y"));
    assertMentions(e, "approximate='fast'");
  }

  @Test
  void layerNormalizationStatisticsComeFromTheRewrite() {
    GraphBuilder g = new GraphBuilder("g");
    g.input("x", TensorType.floats(Shape.of(2, 3)));
    g.input("s", TensorType.floats(Shape.of(3)));
    g.node("LayerNormalization").inputs("x", "s").outputs("y");
    g.node("ReduceSum").inputs("y").attr("keepdims", 0L).outputs("loss");
    RuntimeException e = assertThrows(IllegalStateException.class, () -> GradientBuilder.differentiate(g,
        GradientRegistry.standard(), "loss", g.scalar("seed", 1f), List.of("x")));
    assertMentions(e, "run TrainingRewrite first");
  }

  private static TensorShapeProto symbolicImage() {
    return Shape.batched(1, 4, 4).toProto().toBuilder()
        .setDim(2, TensorShapeProto.Dimension.newBuilder().setDimParam("height"))
        .build();
  }
}
