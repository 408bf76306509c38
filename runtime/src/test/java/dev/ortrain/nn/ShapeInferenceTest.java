package dev.ortrain.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.ValueInfoProto;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShapeInferenceTest {

  static Sequential mnistCnn(long firstLinearInputs) {
    return Sequential.of(
        new Conv2d(1, 32, 3).padding(1), new ReLU(), new MaxPool2d(2),
        new Conv2d(32, 64, 3).padding(1), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(firstLinearInputs, 128), new ReLU(), new Linear(128, 10));
  }

  private static Map<String, Shape> valueShapes(GraphProto graph) {
    Map<String, Shape> shapes = new HashMap<>();
    for (ValueInfoProto v : graph.getValueInfoList()) {
      shapes.put(v.getName(), TensorType.fromProto(v.getType()).shape());
    }
    return shapes;
  }

  @Test
  void everyValueOfTheCnnHasItsShapeInTheGraph() {
    ForwardModel m = mnistCnn(3136).build(Shape.batched(1, 28, 28), 42L);
    GraphProto g = m.model().getGraph();
    assertEquals("input", g.getInput(0).getName());
    assertEquals(Shape.batched(1, 28, 28), TensorType.fromProto(g.getInput(0).getType()).shape());
    assertEquals("output", m.prediction());
    assertEquals(Shape.batched(10), TensorType.fromProto(g.getOutput(0).getType()).shape());
    Map<String, Shape> shapes = valueShapes(g);
    long[][] expected = {{32, 28, 28}, {32, 28, 28}, {32, 14, 14}, {64, 14, 14}, {64, 14, 14}, {64, 7, 7},
        {3136}, {128}, {128}};
    for (int i = 0; i < expected.length; i++) {
      NodeProto node = g.getNode(i);
      assertEquals(Shape.batched(expected[i]), shapes.get(node.getOutput(0)), "output of " + node.getName());
    }
    assertEquals(expected.length, shapes.size(), "one value_info per intermediate value");
    assertEquals("output", g.getNode(9).getOutput(0));
  }

  @Test
  void convolutionArithmetic() {
    Shape in = Shape.batched(3, 32, 32);
    assertEquals(Shape.batched(8, 16, 16), new Conv2d(3, 8, 3).stride(2).padding(1).outputShape(in));
    assertEquals(Shape.batched(8, 28, 28), new Conv2d(3, 8, 5).outputShape(in));
    // Dilation 2 spreads a 3-kernel over 5 cells.
    assertEquals(Shape.batched(8, 28, 28), new Conv2d(3, 8, 3).dilation(2).outputShape(in));
    assertEquals(Shape.batched(8, 32, 32), new Conv2d(3, 8, 3, 5).padding(1, 2).outputShape(in));
    // Per side: 32 + 1 + 0 - 3 + 1 = 31 rows, 32 + 2 + 1 - 3 + 1 = 33 columns.
    assertEquals(Shape.batched(8, 31, 33), new Conv2d(3, 8, 3).padding(new Padding2d(1, 0, 2, 1)).outputShape(in));
    // Floor division: (32 + 2 - 3) / 3 + 1 = 11.
    assertEquals(Shape.batched(6, 11, 11), new Conv2d(3, 6, 3).stride(3).padding(1).groups(3).outputShape(in));
  }

  @Test
  void poolingArithmetic() {
    Shape in = Shape.batched(4, 7, 7);
    assertEquals(Shape.batched(4, 3, 3), new MaxPool2d(2).outputShape(in));
    assertEquals(Shape.batched(4, 4, 4), new MaxPool2d(3).stride(2).padding(1).outputShape(in));
    assertEquals(Shape.batched(4, 6, 6), new AvgPool2d(2).stride(1).outputShape(in));
    assertEquals(Shape.batched(4, 3, 2), new AvgPool2d(2, 3).outputShape(in));
  }

  @Test
  void aFixedBatchSizeIsKept() {
    ForwardModel m = Sequential.of(new Conv2d(1, 2, 3), new Flatten(), new Linear(4, 2))
        .build(Shape.of(16, 1, 4, 3), 0);
    assertEquals(Shape.of(16, 2),
        TensorType.fromProto(m.model().getGraph().getOutput(0).getType()).shape());
  }

  @Test
  void shapePreservingLayers() {
    Shape in = Shape.batched(6, 5);
    for (Layer layer : new Layer[] {new ReLU(), new LeakyReLU(), new Sigmoid(), new Tanh(), new GELU(),
        new Dropout(0.1f), new Softmax(1), new BatchNorm1d(6), new LayerNorm(5), new LayerNorm(6, 5)}) {
      assertEquals(in, layer.outputShape(in), layer.describe());
    }
    assertEquals(Shape.batched(30), new Flatten().outputShape(in));
  }

  @Test
  void aWrongLinearSizeNamesTheLayerAndTheFix() {
    var e = assertThrows(ShapeMismatchException.class, () -> mnistCnn(3000).build(Shape.batched(1, 28, 28), 42L));
    assertEquals("Layer 7 (Linear 3000->128) expects input [batch, 3000] but gets [batch, 3136];"
        + " set in_features to 3136", e.getMessage());
    assertEquals("7", e.layerPath());
  }

  @Test
  void linearOnImagesAsksForFlatten() {
    var e = assertThrows(ShapeMismatchException.class,
        () -> Sequential.of(new Conv2d(1, 4, 3), new Linear(100, 2)).outputShape(Shape.batched(1, 12, 12)));
    assertEquals("Layer 1 (Linear 100->2) expects input [batch, 100] but gets [batch, 4, 10, 10];"
        + " add a Flatten before it", e.getMessage());
  }

  @Test
  void wrongChannelsNameTheNestedPath() {
    Sequential block = Sequential.of(new Conv2d(8, 8, 3).padding(1), new Conv2d(16, 8, 3)).named("block");
    var e = assertThrows(ShapeMismatchException.class,
        () -> Sequential.of(new Conv2d(3, 8, 3), block).build(Shape.batched(3, 16, 16), 0));
    assertEquals("Layer block.1 (Conv2d 16->8 kernel 3x3) expects input [batch, 16, height, width] but gets"
        + " [batch, 8, 14, 14]; set in_channels to 8", e.getMessage());
    assertEquals("block.1", e.layerPath());
  }

  @Test
  void aKernelLargerThanThePaddedInputFails() {
    var e = assertThrows(ShapeMismatchException.class, () -> Sequential.of(
        new Conv2d(1, 4, 3), new MaxPool2d(2), new Conv2d(4, 4, 5).named("head"))
        .outputShape(Shape.batched(1, 8, 8)));
    assertEquals("Layer head (Conv2d 4->4 kernel 5x5) has a kernel of 5x5 that does not fit its input"
        + " [batch, 4, 3, 3] padded to 3x3; use a smaller kernel, more padding or fewer downsampling layers"
        + " before it", e.getMessage());
    var dilated = assertThrows(ShapeMismatchException.class,
        () -> new Conv2d(1, 1, 3).dilation(3).padding(0, 1).outputShape(Shape.batched(1, 6, 6)));
    assertEquals("has a kernel of 3x3 (7x7 dilated) that does not fit its input [batch, 1, 6, 6] padded to 6x8;"
        + " use a smaller kernel, more padding or fewer downsampling layers before it", dilated.getMessage());
  }

  @Test
  void otherMismatchesSayWhatToChange() {
    assertMessage(new Conv2d(1, 4, 3), Shape.batched(784), "expects input [batch, 1, height, width] but gets"
        + " [batch, 784]; Conv2d takes images as [batch, channels, height, width]");
    assertMessage(new MaxPool2d(2), Shape.batched(10), "expects input [batch, channels, height, width] but gets"
        + " [batch, 10]; MaxPool2d takes images as [batch, channels, height, width]");
    assertMessage(new BatchNorm2d(8), Shape.batched(4, 5, 5), "expects input [batch, 8, height, width] but gets"
        + " [batch, 4, 5, 5]; set num_features to 4");
    assertMessage(new BatchNorm2d(8), Shape.batched(8), "expects input [batch, 8, height, width] but gets"
        + " [batch, 8]; use BatchNorm1d for inputs of rank 2");
    assertMessage(new BatchNorm1d(8), Shape.batched(8, 2, 2), "expects input [batch, 8] or [batch, 8, length]"
        + " but gets [batch, 8, 2, 2]; use BatchNorm2d for inputs of rank 4");
    assertMessage(new LayerNorm(4), Shape.batched(4, 5), "normalizes trailing dimensions [4] but gets"
        + " [batch, 4, 5]; set normalized_shape to the last dimensions of the input (after the batch)");
    assertMessage(new LayerNorm(3, 4), Shape.batched(4), "normalizes trailing dimensions [3, 4] but gets"
        + " [batch, 4]; set normalized_shape to the last dimensions of the input (after the batch)");
    assertMessage(new Softmax(2), Shape.batched(4), "cannot take the softmax along axis 2 of an input"
        + " [batch, 4] of rank 2; use an axis from -2 to 1");
  }

  private static void assertMessage(Layer layer, Shape input, String detail) {
    var e = assertThrows(ShapeMismatchException.class, () -> Sequential.of(layer).outputShape(input));
    assertEquals("Layer 0 (" + layer.describe() + ") " + detail, e.getMessage());
    assertEquals(detail, e.detail());
  }

  @Test
  void symbolicFeatureDimensionsAreRejected() {
    Shape symbolicWidth = Shape.fromProto(Shape.batched(1, 4, 4).toProto().toBuilder()
        .setDim(3, dev.ortrain.onnx.proto.Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("width"))
        .build());
    var e = assertThrows(ShapeMismatchException.class, () -> new Flatten().outputShape(symbolicWidth));
    assertEquals("needs every dimension after the batch to be known but gets [batch, 1, 4, width];"
        + " give the model input a fixed size there", e.getMessage());
  }

  @Test
  void invalidConfigurationsFailWhenConfigured() {
    assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 8, 3).groups(2));
    assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 8, 0));
    assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 8, 3).stride(0));
    assertThrows(IllegalArgumentException.class, () -> new Conv2d(0, 8, 3));
    assertThrows(IllegalArgumentException.class, () -> new Linear(0, 8));
    assertThrows(IllegalArgumentException.class, () -> new Padding2d(-1, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Dropout(1f));
    assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(Float.NaN));
    assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(0));
    assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(4).momentum(1.5f));
    assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(4).eps(0));
    assertThrows(IllegalArgumentException.class, () -> new LayerNorm());
    assertThrows(IllegalArgumentException.class, () -> new LayerNorm(4).eps(-1));
    assertThrows(IllegalArgumentException.class, () -> Sequential.of());
    var pad = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2).padding(2));
    assertEquals("MaxPool2d padding 2 is more than half the kernel 2x2; a window could then hold only padding",
        pad.getMessage());
  }
}
