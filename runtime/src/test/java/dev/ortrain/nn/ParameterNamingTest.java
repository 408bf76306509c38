package dev.ortrain.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.Attributes;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.Tensors;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterNamingTest {

  @Test
  void parametersAreNamedByPositionOrNameAsInPyTorch() {
    Sequential block = Sequential.of(new Conv2d(8, 8, 3).padding(1), new BatchNorm2d(8), new ReLU()).named("block");
    Sequential model = Sequential.of(
        new Conv2d(1, 8, 3).padding(1), new ReLU(), block, Sequential.of(new MaxPool2d(2), new Dropout(0.2f)),
        new Flatten(), new Linear(8 * 4 * 4, 10).named("head"));
    ForwardModel m = model.build(Shape.batched(1, 8, 8), 0);
    assertEquals(List.of("0.weight", "0.bias", "block.0.weight", "block.0.bias", "block.1.weight",
        "block.1.bias", "head.weight", "head.bias"), m.trainable());
    assertEquals(List.of("block.1.running_mean", "block.1.running_var"), m.frozen());
    List<String> nodes = new ArrayList<>();
    for (NodeProto n : m.model().getGraph().getNodeList()) {
      nodes.add(n.getName() + ":" + n.getOpType());
    }
    assertEquals(List.of("0.Conv:Conv", "1.Relu:Relu", "block.0.Conv:Conv", "block.1.BatchNormalization:"
        + "BatchNormalization", "block.2.Relu:Relu", "3.0.MaxPool:MaxPool", "3.1.Dropout:Dropout",
        "4.Flatten:Flatten", "head.Gemm:Gemm"), nodes);
  }

  @Test
  void dropoutRatioIsAConstantNotAParameter() {
    ForwardModel m = Sequential.of(new Linear(2, 2), new Dropout(0.25f)).build(Shape.batched(2), 0);
    TensorProto ratio = OrtRunner.initializer(m.model(), "1.ratio");
    assertEquals(0, ratio.getDimsCount(), "ratio is a scalar");
    assertEquals(0.25f, Tensors.toFloats(ratio)[0]);
    assertEquals(List.of("0.weight", "0.bias"), m.parameters());
  }

  @Test
  void frozenLayersGoToFrozenParameters() {
    Sequential model = Sequential.of(new Linear(4, 4).freeze(), new ReLU(),
        Sequential.of(new Linear(4, 4), new BatchNorm1d(4)).named("frozen").freeze(), new Linear(4, 2));
    ForwardModel m = model.build(Shape.batched(4), 0);
    assertEquals(List.of("3.weight", "3.bias"), m.trainable());
    assertEquals(List.of("0.weight", "0.bias", "frozen.0.weight", "frozen.0.bias", "frozen.1.weight",
        "frozen.1.bias", "frozen.1.running_mean", "frozen.1.running_var"), m.frozen());
  }

  @Test
  void aFrozenModelHasOnlyFrozenParameters() {
    ForwardModel m = Sequential.of(new Linear(4, 2)).freeze().build(Shape.batched(4), 0);
    assertEquals(List.of(), m.trainable());
    assertEquals(List.of("0.weight", "0.bias"), m.frozen());
  }

  @Test
  void namesMustBeUniqueAndDotFree() {
    var duplicate = assertThrows(IllegalArgumentException.class,
        () -> Sequential.of(new Linear(4, 4).named("fc"), new Linear(4, 4).named("fc")).build(Shape.batched(4), 0));
    assertEquals("Layers 0 and 1 of the Sequential are both called 'fc'; give each layer its own name (unnamed"
        + " layers are called by position)", duplicate.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Sequential.of(new Linear(4, 4), new Linear(4, 4).named("0")).build(Shape.batched(4), 0));
    var dotted = assertThrows(IllegalArgumentException.class, () -> new Linear(4, 4).named("a.b"));
    assertEquals("A layer name must be non-empty and contain no '.' (it separates the parts of parameter names),"
        + " got 'a.b'", dotted.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ReLU().named(""));
    assertThrows(IllegalArgumentException.class, () -> Sequential.of(new ReLU(), null));
  }

  @Test
  void aLayerMustDeclareTheParametersItUses() {
    Layer undeclared = new Layer() {
      @Override
      public String describe() {
        return "Undeclared";
      }

      @Override
      public String name() {
        return null;
      }

      @Override
      public boolean isFrozen() {
        return false;
      }

      @Override
      public Shape outputShape(Shape input) {
        return input;
      }

      @Override
      public void emit(LayerContext ctx) {
        ctx.node("Add").inputs(ctx.input(), ctx.parameter("offset")).outputs(ctx.output());
      }
    };
    var e = assertThrows(IllegalStateException.class,
        () -> Sequential.of(new ReLU(), undeclared).build(Shape.batched(2), 0));
    assertEquals("Layer '1' uses the parameter 'offset' but does not declare it in parameters()", e.getMessage());
  }

  @Test
  void nodesCarryPyTorchSemantics() {
    ForwardModel m = Sequential.of(
        new Conv2d(2, 4, 3).padding(1).dilation(2).groups(2), new BatchNorm2d(4), new BatchNorm2d(4).momentum(0.25f),
        new AvgPool2d(2).padding(1), new MaxPool2d(2), new Dropout(), new Flatten(), new Linear(4, 4),
        new LeakyReLU(), new LayerNorm(4), new GELU(), new Softmax()).build(Shape.batched(2, 6, 6), 0);
    var nodes = m.model().getGraph().getNodeList();
    assertEquals(17, dev.ortrain.graph.OnnxModels.onnxOpset(m.model()));
    NodeProto conv = nodes.get(0);
    assertEquals(List.of(3L, 3L), Attributes.find(conv, "kernel_shape").getIntsList());
    assertEquals(List.of(1L, 1L, 1L, 1L), Attributes.find(conv, "pads").getIntsList());
    assertEquals(List.of(2L, 2L), Attributes.find(conv, "dilations").getIntsList());
    assertEquals(2, Attributes.getInt(conv, "group", 1));
    // ONNX momentum weighs the running value: PyTorch's 0.1 is ONNX's 0.9.
    assertEquals(0.9f, Attributes.getFloat(nodes.get(1), "momentum", 0), 1e-6);
    assertEquals(1e-5f, Attributes.getFloat(nodes.get(1), "epsilon", 0), 1e-12);
    assertEquals(0.75f, Attributes.getFloat(nodes.get(2), "momentum", 0), 1e-6);
    assertEquals(5, nodes.get(1).getInputCount());
    assertEquals(1, Attributes.getInt(nodes.get(3), "count_include_pad", 0));
    assertEquals(List.of(2L, 2L), Attributes.find(nodes.get(4), "strides").getIntsList());
    assertEquals(1, nodes.get(4).getOutputCount(), "inference MaxPool; the training rewrite adds indices");
    assertEquals(0.5f, Tensors.toFloats(OrtRunner.initializer(m.model(), nodes.get(5).getInput(1)))[0]);
    assertEquals(2, nodes.get(5).getInputCount(), "inference Dropout has no training_mode input");
    assertEquals(1, Attributes.getInt(nodes.get(6), "axis", 0));
    assertEquals(1, Attributes.getInt(nodes.get(7), "transB", 0));
    assertEquals(0.01f, Attributes.getFloat(nodes.get(8), "alpha", 0), 1e-9);
    assertEquals(1, Attributes.getInt(nodes.get(9), "axis", 0));
    assertEquals("com.microsoft", nodes.get(10).getDomain());
    assertEquals("Gelu", nodes.get(10).getOpType());
    assertEquals(-1, Attributes.getInt(nodes.get(11), "axis", 0));
  }
}
