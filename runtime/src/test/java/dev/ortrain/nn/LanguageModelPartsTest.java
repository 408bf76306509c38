package dev.ortrain.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import dev.ortrain.graph.TensorType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The causal mask, the tied output layer, positions and flatten(start, end) of a language model. */
class LanguageModelPartsTest {
  private static final TensorType TOKENS = new TensorType(DataType.INT64, Shape.batched(3));

  @Test
  void aCausalAttentionOutputDoesNotDependOnLaterPositions() {
    Module block = new Module() {
      private final TransformerEncoderLayer layer = register("layer",
          TransformerEncoderLayer.decoderBlock(4, 2, 8, 0f));

      @Override
      protected Tensor forward(Tensor x) {
        return layer.apply(x);
      }
    };
    var model = block.build(Shape.batched(3, 4), 3L).model();
    float[] x = {1, 0, -1, 2, 0.5f, 0.5f, -2, 1, 3, -1, 0, 0};
    float[] changedLast = x.clone();
    changedLast[9] = 5;
    float[] y = OrtRunner.run(model, x, 1, 3, 4);
    float[] z = OrtRunner.run(model, changedLast, 1, 3, 4);
    assertArrayEquals(Arrays.copyOf(y, 8), Arrays.copyOf(z, 8), 1e-6f);
    assertNotEquals(y[8], z[8]);
    assertEquals("MultiheadAttention 4 heads 2 causal", new MultiheadAttention(4, 2).causal(true).describe());
  }

  /** The model's logits for each token: the output layer tied to the embedding, flattened over positions. */
  private static Module tiedLm(boolean embedFirst) {
    return new Module() {
      private final Embedding embed = register("embed", new Embedding(5, 2).weightInit(Init.constant(0.5)));
      private final Linear out = register("out", new Linear(2, 5).bias(false).tiedTo(embed));

      @Override
      protected Tensor forward(Tensor tokens) {
        Tensor ids = tokens.toFloat().unsqueeze(-1);
        Tensor x = embedFirst ? embed.apply(tokens) : Tensor.concat(-1, ids, ids);
        return out.apply(x).flatten(0, 1);
      }
    };
  }

  @Test
  void aTiedOutputLayerUsesTheEmbeddingsWeight() {
    var m = tiedLm(true).build(TOKENS, 0L);
    assertEquals(java.util.List.of("embed.weight"), m.trainable());
    var e = assertThrows(IllegalStateException.class, () -> tiedLm(false).build(TOKENS, 0L));
    assertTrue(e.getMessage().contains("shares the weight of Embedding 5x2, which the model has not applied yet;"
        + " apply the embedding before the tied layer"), e.getMessage());
    var sizes = assertThrows(IllegalArgumentException.class, () -> new Linear(5, 2).tiedTo(new Embedding(5, 2)));
    assertEquals("Linear 5->2 cannot share the weight of Embedding 5x2: its weight [out_features, in_features] ="
        + " [2, 5] must be the embedding's [num_embeddings, embedding_dim]; make it Linear 2->5", sizes.getMessage());
  }

  @Test
  void aTiedLayerCannotEmitWithoutTheModuleThatOwnsTheEmbedding() {
    Embedding embed = new Embedding(5, 2);
    Sequential chain = Sequential.of(new Linear(2, 5).tiedTo(embed));
    var e = assertThrows(IllegalStateException.class, () -> chain.build(Shape.batched(2), 0L));
    assertTrue(e.getMessage().contains("which the model has not applied before it; apply Embedding 5x2 first,"
        + " inside a Module"), e.getMessage());
  }

  @Test
  void flattenMergesAxesAndPositionsNumberThem() {
    float[] logits = OrtRunner.run(new Module() {
      @Override
      protected Tensor forward(Tensor x) {
        Tensor merged = x.flatten(0, 1);
        assertEquals("[batch*3, 2]", merged.shape().toString());
        assertEquals(Shape.of(3), x.positions(1).shape());
        assertEquals("[batch, 6]", x.flatten(1, 2).shape().toString());
        return merged;
      }
    }.build(Shape.batched(3, 2), 0L).model(), new float[] {1, 2, 3, 4, 5, 6}, 1, 3, 2);
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, logits);
  }

  @Test
  void flattenAndPositionsSayWhatIsWrong() {
    Module backwards = new Module() {
      @Override
      protected Tensor forward(Tensor x) {
        return x.flatten(2, 1);
      }
    };
    var e = assertThrows(IllegalArgumentException.class, () -> backwards.build(Shape.batched(3, 2), 0L));
    assertEquals("flatten merges axes 2 to 1 of [batch, 3, 2], which run backwards; give the first axis first",
        e.getMessage());
    Module unknownAfter = new Module() {
      @Override
      protected Tensor forward(Tensor x) {
        return x.transpose(0, 1).flatten(0, 0);
      }
    };
    var after = assertThrows(ShapeMismatchException.class, () -> unknownAfter.build(Shape.batched(3), 0L));
    assertTrue(after.getMessage().contains("merge the unknown axis too"), after.getMessage());
    Module unknownPositions = new Module() {
      @Override
      protected Tensor forward(Tensor x) {
        return x.positions(0).toFloat();
      }
    };
    var positions = assertThrows(ShapeMismatchException.class, () -> unknownPositions.build(Shape.batched(3), 0L));
    assertTrue(positions.getMessage().contains("give the model input a fixed length"), positions.getMessage());
  }
}
