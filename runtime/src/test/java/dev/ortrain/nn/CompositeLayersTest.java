package dev.ortrain.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The layers of the ResNet and transformer families, and the tensor operations, on small known inputs. */
class CompositeLayersTest {

  private static Module of(Map<String, Layer> layers, Function<Tensor, Tensor> body) {
    return new Module() {
      {
        layers.forEach(this::register);
      }

      @Override
      protected Tensor forward(Tensor input) {
        return body.apply(input);
      }
    };
  }

  private static float[] run(Module m, float[] x, long... shape) {
    return OrtRunner.run(m.build(Shape.batched(java.util.Arrays.copyOfRange(shape, 1, shape.length)), 0L).model(),
        x, shape);
  }

  @Test
  void adaptiveAveragePoolingAveragesEqualWindows() {
    float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    AdaptiveAvgPool2d global = new AdaptiveAvgPool2d(1);
    assertArrayEquals(new float[] {8.5f}, run(of(Map.of("pool", global), global::apply), x, 1, 1, 4, 4));
    AdaptiveAvgPool2d two = new AdaptiveAvgPool2d(2);
    assertArrayEquals(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, run(of(Map.of("pool", two), two::apply), x, 1, 1, 4, 4));
    var e = assertThrows(ShapeMismatchException.class, () -> new AdaptiveAvgPool2d(3).outputShape(Shape.batched(1, 4, 4)));
    assertEquals("pools [batch, 1, 4, 4] to 3x3, which needs the height and width divisible by the output's;"
        + " choose an output size that divides 4x4 (1 always does)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AdaptiveAvgPool2d(0));
    assertEquals("AdaptiveAvgPool2d 1x1", global.describe());
  }

  @Test
  void anEmbeddingLooksUpRowsOfItsWeight() {
    Embedding embed = new Embedding(3, 2).weightInit(Init.uniform(0, 1));
    ForwardModel m = of(Map.of("embed", embed), embed::apply).build(new TensorType(DataType.INT64, Shape.batched(2)), 5L);
    float[] weight = OrtRunner.parameter(m, "embed.weight");
    assertEquals(List.of("embed.weight"), m.trainable());
    assertEquals(6, weight.length);
    assertEquals(Shape.batched(2, 2), embed.outputShape(Shape.batched(2)));
    var floats = assertThrows(ShapeMismatchException.class, () -> of(Map.of("embed", embed), embed::apply)
        .build(Shape.batched(2), 0L));
    assertTrue(floats.getMessage().startsWith("Layer embed (Embedding 3x2) looks up int64 ids but gets float values;"),
        floats.getMessage());
    var tokensIntoLinear = assertThrows(ShapeMismatchException.class, () -> new Linear(2, 2).outputDataType(DataType.INT64));
    assertTrue(tokensIntoLinear.getMessage().contains("put an Embedding first"), tokensIntoLinear.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 2));
  }

  @Test
  void aLinearOnASequenceActsOnTheLastAxis() {
    Linear fc = new Linear(2, 1).weightInit(Init.constant(1)).biasInit(Init.constant(0.5));
    assertArrayEquals(new float[] {3.5f, 7.5f}, run(of(Map.of("fc", fc), fc::apply), new float[] {1, 2, 3, 4}, 1, 2, 2));
    Linear noBias = new Linear(2, 1).bias(false).weightInit(Init.constant(1));
    assertArrayEquals(new float[] {3, 7}, run(of(Map.of("fc", noBias), noBias::apply), new float[] {1, 2, 3, 4}, 1, 2, 2));
    var e = assertThrows(ShapeMismatchException.class, () -> fc.outputShape(Shape.batched(4, 3)));
    assertEquals("expects input [batch, length, 2] but gets [batch, 4, 3]; set in_features to 3", e.getMessage());
  }

  @Test
  void tensorOperationsComputeAsInPyTorch() {
    Module ops = of(Map.of(), x -> {
      Tensor rows = x.reshape(2, 2);                       // [[1, 2], [3, 4]]
      Tensor product = rows.matmul(rows.transpose(1, 2));  // [[5, 11], [11, 25]]
      Tensor summed = product.sum(2).unsqueeze(1);         // [[16, 36]]
      Tensor parts = Tensor.concat(2, summed, rows.mean(1).unsqueeze(1).narrow(2, 1, 1)); // 16, 36, 3
      return parts.flatten().sub(parts.flatten().softmax(-1).scale(0)).div(parts.flatten());
    });
    assertArrayEquals(new float[] {1, 1, 1}, run(ops, new float[] {1, 2, 3, 4}, 1, 4));
  }

  @Test
  void masksAreMadeFromTokenIds() {
    Module masked = new Module() {
      @Override
      protected Tensor forward(Tensor tokens) {
        Tensor padding = tokens.equal(0);
        Tensor ones = padding.not().toFloat();
        return ones.maskedFill(padding, -1f);
      }
    };
    ForwardModel m = masked.build(new TensorType(DataType.INT64, Shape.batched(3)), 0L);
    assertEquals(List.of(), m.trainable());
    assertEquals(List.of("Equal", "Not", "Cast", "Where", "Identity"),
        m.model().getGraph().getNodeList().stream().map(n -> n.getOpType()).toList());
  }

  @Test
  void tensorOperationsRefuseShapesThatDoNotFit() {
    assertEquals("cannot reshape [batch, 4] to [batch, 3]: a sample has 4 values, the new shape 3; keep"
        + " the product of the dimensions after the batch", failure(x -> x.reshape(3)));
    assertEquals("transpose names axis 2 of a tensor of rank 2; use an axis from -2 to 1", failure(x -> x.transpose(0, 2)));
    assertTrue(failure(x -> Tensor.concat(1, x, x.reshape(2, 2))).contains("need the same rank"));
    assertTrue(failure(x -> Tensor.concat(0, x, x.reshape(2, 2).flatten().narrow(1, 0, 2))).contains("known size"));
    assertTrue(failure(x -> Tensor.concat(1, x.reshape(2, 2), x.reshape(1, 4))).contains("every other dimension"));
    assertTrue(failure(x -> x.narrow(1, 3, 2)).contains("stay within"));
    assertTrue(failure(x -> x.matmul(x)).contains("must equal the second's next to last"));
    assertTrue(failure(x -> x.sum(1).matmul(x)).contains("rank 2 or more"));
    assertTrue(failure(x -> x.equal(1)).contains("equal takes int64 values but gets float"));
    assertTrue(failure(Tensor::not).contains("not takes bool"));
    assertTrue(failure(x -> x.maskedFill(x, 0)).contains("maskedFill's mask takes bool"));
    assertThrows(IllegalArgumentException.class, () -> of(Map.of(), x -> Tensor.concat(1, x)).build(Shape.batched(4), 0L));
  }

  @Test
  void aMaskMustNotGrowTheTensor() {
    Module m = new Module() {
      @Override
      protected Tensor forward(Tensor tokens) {
        return tokens.toFloat().maskedFill(tokens.equal(0).unsqueeze(1), 0f);
      }
    };
    var e = assertThrows(ShapeMismatchException.class,
        () -> m.build(new TensorType(DataType.INT64, Shape.batched(3)), 0L));
    assertTrue(e.getMessage().contains("the mask must broadcast to the tensor without growing it"), e.getMessage());
  }

  private static String failure(Function<Tensor, Tensor> body) {
    return assertThrows(ShapeMismatchException.class, () -> of(Map.of(), body).build(Shape.batched(4), 0L))
        .getMessage().replaceFirst("^Layer \\S+ \\(\\S+\\) ", "");
  }

  @Test
  void attentionNamesItsParametersAsPyTorchAndChecksItsInputs() {
    MultiheadAttention attention = new MultiheadAttention(4, 2);
    ForwardModel m = attention.build(Shape.batched(3, 4), 0L);
    assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"), m.trainable());
    assertArrayEquals(new float[12], OrtRunner.parameter(m, "in_proj_bias"));
    float bound = (float) Math.sqrt(6.0 / (4 + 12)); // Xavier-uniform over fan_in 4, fan_out 12
    for (float w : OrtRunner.parameter(m, "in_proj_weight")) {
      assertTrue(Math.abs(w) <= bound, "in_proj_weight within ±" + bound + ": " + w);
    }
    assertEquals(12, OrtRunner.run(m.model(), new float[12], 1, 3, 4).length);
    var wide = assertThrows(ShapeMismatchException.class, () -> attention.build(Shape.batched(3, 5), 0L));
    assertEquals("expects input [batch, length, 4] but gets [batch, 3, 5]; set embed_dim to 5", wide.getMessage());
    var flat = assertThrows(ShapeMismatchException.class, () -> attention.build(Shape.batched(4), 0L));
    assertTrue(flat.getMessage().endsWith("give it a sequence of vectors (batch first), e.g. from an Embedding"));
    Module badMask = of(Map.of("attn", attention), x -> attention.apply(x, x));
    var mask = assertThrows(ShapeMismatchException.class, () -> badMask.build(Shape.batched(3, 4), 0L));
    assertTrue(mask.getMessage().startsWith("Layer attn (MultiheadAttention 4 heads 2) expects a key-padding mask"
        + " bool[batch, 3] but gets float[batch, 3, 4]"), mask.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(5, 2));
  }

  /** With its sublayers' output projections zero, a pre-norm layer is the identity; a post-norm one normalizes. */
  @Test
  void preNormAndPostNormPlaceTheLayerNormsAsPyTorch() {
    float[] x = {1, 2, 3, 5, -1, 0, 4, 4};
    float[] pre = runWithZeroSublayers(new TransformerEncoderLayer(4, 2, 8, 0f).normFirst(true), x);
    assertArrayEquals(x, pre, 1e-6f);
    float[] post = runWithZeroSublayers(new TransformerEncoderLayer(4, 2, 8, 0f), x);
    float[] normalized = Reference.layerNorm(x, 4, new float[] {1, 1, 1, 1}, new float[4], 1e-5);
    assertArrayEquals(Reference.layerNorm(normalized, 4, new float[] {1, 1, 1, 1}, new float[4], 1e-5), post, 1e-5f);
    assertEquals("TransformerEncoderLayer 4 pre-norm", new TransformerEncoderLayer(4, 2).normFirst(true).describe());
  }

  private static float[] runWithZeroSublayers(TransformerEncoderLayer layer, float[] x) {
    var model = layer.build(Shape.batched(2, 4), 0L).model();
    for (String p : List.of("self_attn.out_proj.weight", "self_attn.out_proj.bias", "linear2.weight", "linear2.bias")) {
      model = OrtRunner.withParameter(model, p, new float[OrtRunner.parameter(
          new ForwardModel(model, "output", List.of(), List.of()), p).length]);
    }
    return OrtRunner.run(model, x, 1, 2, 4);
  }

  @Test
  void anEncoderStacksFreshLayersNamedAsPyTorch() {
    TransformerEncoder encoder = new TransformerEncoder(() -> new TransformerEncoderLayer(4, 2, 8, 0f), 2);
    ForwardModel m = encoder.build(Shape.batched(3, 4), 0L);
    assertTrue(m.trainable().contains("layers.1.self_attn.in_proj_weight"), m.trainable().toString());
    assertEquals(2 * 12, m.trainable().size(), m.trainable().toString()); // 12 per layer
    assertEquals("TransformerEncoder of 2 layers", encoder.describe());
    TransformerEncoderLayer one = new TransformerEncoderLayer(4, 2, 8, 0f);
    var same = assertThrows(IllegalArgumentException.class, () -> new TransformerEncoder(() -> one, 2));
    assertTrue(same.getMessage().contains("register it once"), same.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TransformerEncoder(() -> one, 0));
  }
}
