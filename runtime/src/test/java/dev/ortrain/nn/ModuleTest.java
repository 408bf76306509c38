package dev.ortrain.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.ort.NativeLibrary;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ModuleTest {

  /** A module whose forward is given as a function, with the layers it registers. */
  private static final class Custom extends Module {
    private final Function<Tensor, Tensor> body;

    Custom(Map<String, Layer> layers, Function<Tensor, Tensor> body) {
      layers.forEach(this::register);
      this.body = body;
    }

    @Override
    protected Tensor forward(Tensor input) {
      return body.apply(input);
    }
  }

  /** y = relu(conv(x)) + x: a residual block that keeps the shape. */
  private static final class Residual extends Module {
    private final Conv2d conv;

    Residual(long channels) {
      conv = register("conv", new Conv2d(channels, channels, 3).padding(1));
    }

    @Override
    protected Tensor forward(Tensor x) {
      return conv.apply(x).relu().add(x);
    }
  }

  @Test
  void aResidualBlockAddsItsInput() {
    Residual block = new Residual(2);
    ForwardModel m = block.build(Shape.batched(2, 3, 3), 1L);
    m = new ForwardModel(OrtRunner.withParameter(m.model(), "conv.weight", new float[36]), m.prediction(),
        m.trainable(), m.frozen());
    m = new ForwardModel(OrtRunner.withParameter(m.model(), "conv.bias", new float[] {1, -1}), m.prediction(),
        m.trainable(), m.frozen());
    float[] x = new float[18];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    float[] y = OrtRunner.run(m.model(), x, 1, 2, 3, 3);
    for (int i = 0; i < x.length; i++) {
      assertEquals(x[i] + (i < 9 ? 1 : 0), y[i], 1e-6, "relu(bias) + x at " + i);
    }
    assertEquals(List.of("conv.weight", "conv.bias"), m.trainable());
  }

  @Test
  void nestedModulesAreNamedByTheirPathAsInPyTorch() {
    Custom model = new Custom(Map.of("layer1", new Residual(2)), x -> null);
    Module net = new Module() {
      private final Residual layer1 = register("layer1", new Residual(2));
      private final Sequential head = register("head", Sequential.of(new Flatten(), new Linear(18, 3).named("fc")));

      @Override
      protected Tensor forward(Tensor x) {
        return head.apply(layer1.apply(x));
      }
    };
    ForwardModel m = net.build(Shape.batched(2, 3, 3), 0L);
    assertEquals(List.of("layer1.conv.weight", "layer1.conv.bias", "head.fc.weight", "head.fc.bias"),
        m.trainable());
    assertTrue(model.toString().contains("(layer1): Residual("), model.toString());
  }

  @Test
  void aLayerAppliedTwiceSharesItsWeights() {
    Linear shared = new Linear(4, 4);
    Module twice = new Custom(Map.of("fc", shared), x -> shared.apply(shared.apply(x).relu()));
    ForwardModel m = twice.build(Shape.batched(4), 0L);
    assertEquals(List.of("fc.weight", "fc.bias"), m.trainable());
    long readers = m.model().getGraph().getNodeList().stream()
        .filter(n -> n.getInputList().contains("fc.weight")).count();
    assertEquals(2, readers, "both applications read one weight");
    String summary = twice.summary(Shape.batched(4));
    assertTrue(summary.contains("fc (Linear 4->4) shares fc"), summary);
    assertTrue(summary.contains("Total params: 20\n"), summary);
  }

  @Test
  void aSharedLayerMustFitItsSecondInputWithTheSameWeights() {
    LayerNorm norm = new LayerNorm(4);
    Module misuse = new Custom(Map.of("norm", norm), x -> norm.apply(x.reshape(2, 2)));
    var e = assertThrows(ShapeMismatchException.class, () -> misuse.build(Shape.batched(4), 0L));
    assertTrue(e.getMessage().startsWith("Layer norm (LayerNorm [4]) normalizes trailing dimensions [4] but gets"
        + " [batch, 2, 2]"), e.getMessage());
  }

  @Test
  void aModuleInsideASequentialIsALayer() {
    Sequential model = Sequential.of(new Residual(2), new Flatten(), new Linear(18, 1));
    ForwardModel m = model.build(Shape.batched(2, 3, 3), 0L);
    assertEquals(List.of("0.conv.weight", "0.conv.bias", "2.weight", "2.bias"), m.trainable());
    assertEquals(Shape.batched(2, 3, 3), new Residual(2).outputShape(Shape.batched(2, 3, 3)));
    assertEquals(1, OrtRunner.run(m.model(), new float[18], 1, 2, 3, 3).length);
    assertTrue(model.summary(Shape.batched(2, 3, 3)).contains("0 (Residual)  "), model.summary(Shape.batched(2, 3, 3)));
  }

  @Test
  void aFrozenModuleKeepsItsParametersOutOfTraining() {
    Module net = new Module() {
      private final Residual backbone = register("backbone", (Residual) new Residual(1).freeze());
      private final Linear head = register("head", new Linear(4, 1));

      @Override
      protected Tensor forward(Tensor x) {
        return head.apply(backbone.apply(x).flatten());
      }
    };
    ForwardModel m = net.build(Shape.batched(1, 2, 2), 0L);
    assertEquals(List.of("head.weight", "head.bias"), m.trainable());
    assertEquals(List.of("backbone.conv.weight", "backbone.conv.bias"), m.frozen());
    assertTrue(net.summary(Shape.batched(1, 2, 2)).contains("backbone.conv (Conv2d 1->1 kernel 3x3 padding 1)"
        + " [frozen]"), net.summary(Shape.batched(1, 2, 2)));
  }

  @Test
  void aModuleParameterIsNamedAfterTheModule() {
    Module withPositions = new Module() {
      private final Parameter position = parameter("position", Shape.of(1, 3), Init.constant(2));

      @Override
      protected Tensor forward(Tensor x) {
        return x.add(position.value());
      }
    };
    ForwardModel m = withPositions.build(Shape.batched(3), 0L);
    assertEquals(List.of("position"), m.trainable());
    assertArrayEquals(new float[] {3, 4, 5}, OrtRunner.run(m.model(), new float[] {1, 2, 3}, 1, 3));
    assertTrue(withPositions.toString().contains("(position): Parameter [1, 3]"));
  }

  @Test
  void severalInputsAndOutputsIncludingTokenIds() throws OrtException {
    Linear head = new Linear(6, 2);
    ForwardModel m = FunctionalModel.build(3L, g -> {
      Tensor features = g.input("features", TensorType.floats(Shape.batched(2)));
      Tensor tokens = g.input("tokens", new TensorType(DataType.INT64, Shape.batched(3)));
      Tensor embedded = g.layer("embed", new Embedding(5, 4).weightInit(Init.constant(1))).apply(tokens);
      Tensor joined = Tensor.concat(1, features, embedded.mean(1));
      g.output("logits", g.layer("head", head).apply(joined));
      g.output("joined", joined);
    });
    assertEquals("logits", m.prediction());
    assertEquals(List.of("embed.weight", "head.weight", "head.bias"), m.trainable());
    OrtEnvironment env = NativeLibrary.environment();
    try (OrtSession s = env.createSession(m.model().toByteArray(), new OrtSession.SessionOptions());
        OnnxTensor f = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {7, 8}), new long[] {1, 2});
        OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {0, 4, 2}), new long[] {1, 3});
        OrtSession.Result r = s.run(Map.of("features", f, "tokens", t))) {
      assertEquals(2, r.size());
      float[] joined = new float[6];
      ((OnnxTensor) r.get("joined").orElseThrow()).getFloatBuffer().get(joined);
      assertArrayEquals(new float[] {7, 8, 1, 1, 1, 1}, joined);
    }
    String summary = FunctionalModel.summary(g -> {
      Tensor tokens = g.input("tokens", new TensorType(DataType.INT64, Shape.batched(3)));
      g.output("embedded", g.layer("embed", new Embedding(5, 4)).apply(tokens));
    });
    assertTrue(summary.startsWith(String.join("\n",
        "Layer                  Output shape   Params",
        "--------------------------------------------",
        "tokens                 [batch, 3]          0",
        "embed (Embedding 5x4)  [batch, 3, 4]      20")), summary);
  }

  @Test
  void aShapeMistakeNamesTheLayerPathBothShapesAndTheFix() {
    Module wide = new Module() {
      private final Residual block = register("block", new Residual(2));
      private final Linear head = register("head", new Linear(10, 2));

      @Override
      protected Tensor forward(Tensor x) {
        return head.apply(block.apply(x).flatten());
      }
    };
    var e = assertThrows(ShapeMismatchException.class, () -> wide.build(Shape.batched(2, 3, 3), 0L));
    assertEquals("Layer head (Linear 10->2) expects input [batch, 10] but gets [batch, 18]; set in_features to 18",
        e.getMessage());
    var inner = assertThrows(ShapeMismatchException.class, () -> wide.build(Shape.batched(3, 3, 3), 0L));
    assertEquals("block.conv", inner.layerPath());
    Module unmatched = new Custom(Map.of("conv", new Conv2d(2, 4, 1)), x -> x.relu().scale(1).flatten().matmul(x));
    var add = assertThrows(ShapeMismatchException.class, () -> new Custom(Map.of("inner", unmatched), unmatched::apply)
        .summary(Shape.batched(2, 3, 3)));
    assertTrue(add.getMessage().startsWith("Layer inner (Custom) cannot multiply [batch, 18] by [batch, 2, 3, 3]"), add.getMessage());
  }

  @Test
  void aResidualOfMismatchedShapesSaysWhereAndHow() {
    Conv2d conv = new Conv2d(2, 4, 1);
    Module block = new Custom(Map.of("conv", conv), x -> conv.apply(x).add(x));
    Module model = new Custom(Map.of("layer1", block), x -> block.apply(x));
    var e = assertThrows(ShapeMismatchException.class, () -> model.build(Shape.batched(2, 3, 3), 0L));
    assertEquals("Layer layer1 (Custom) cannot add [batch, 4, 3, 3] and [batch, 2, 3, 3]: their dimension 1 is 4"
        + " and 2; make the shapes equal there or 1 in one of them (a 1x1 Conv2d or a Linear can change a channel"
        + " or feature count)", e.getMessage());
  }

  @Test
  void misuseIsRefusedWithTheFix() {
    Linear stray = new Linear(2, 2);
    var unregistered = assertThrows(IllegalStateException.class,
        () -> new Custom(Map.of(), stray::apply).build(Shape.batched(2), 0L));
    assertTrue(unregistered.getMessage().contains("register(\"name\", layer)"), unregistered.getMessage());
    Linear twice = new Linear(2, 2);
    var doubled = assertThrows(IllegalArgumentException.class, () -> new Module() {
      {
        register("a", twice);
        register("b", twice);
      }

      @Override
      protected Tensor forward(Tensor x) {
        return x;
      }
    });
    assertTrue(doubled.getMessage().contains("register it once and apply it twice"), doubled.getMessage());
    var badName = assertThrows(IllegalArgumentException.class,
        () -> new Custom(Map.of("a..b", new ReLU()), x -> x));
    assertTrue(badName.getMessage().contains("'a..b'"), badName.getMessage());
    Tensor[] kept = new Tensor[1];
    Module keeper = new Custom(Map.of(), x -> kept[0] = x);
    keeper.build(Shape.batched(2), 0L);
    var stale = assertThrows(IllegalArgumentException.class,
        () -> new Custom(Map.of(), x -> x.add(kept[0])).build(Shape.batched(2), 0L));
    assertTrue(stale.getMessage().contains("another model's trace"), stale.getMessage());
    var noOutput = assertThrows(IllegalArgumentException.class, () -> FunctionalModel.build(0L,
        g -> g.input("x", TensorType.floats(Shape.batched(2)))));
    assertTrue(noOutput.getMessage().contains("has no output"), noOutput.getMessage());
  }

  @Test
  void aParameterIsReadOnlyInsideForward() {
    final Module.Parameter[] escaped = new Module.Parameter[1];
    Module m = new Module() {
      {
        escaped[0] = parameter("scale", Shape.of(1), Init.ones());
      }

      @Override
      protected Tensor forward(Tensor x) {
        return x.mul(escaped[0].value());
      }
    };
    var e = assertThrows(IllegalStateException.class, () -> escaped[0].value());
    assertTrue(e.getMessage().contains("read value() inside forward"), e.getMessage());
    assertEquals(List.of("scale"), m.build(Shape.batched(1), 0L).trainable());
  }

  @Test
  void nodesAreNamedAfterTheLayerTheyBelongTo() {
    ForwardModel m = new Residual(1).build(Shape.batched(1, 2, 2), 0L);
    List<String> names = m.model().getGraph().getNodeList().stream().map(NodeProto::getName).toList();
    assertEquals(List.of("conv.Conv", "Relu", "Add", "output.Identity"), names);
  }
}
