package dev.ortrain.nn;

import dev.ortrain.graph.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A fully connected layer, {@code y = x·Wᵀ + b} with W of shape {@code [out, in]} as in PyTorch, emitted as
 * ONNX {@code Gemm(transB=1)}. Takes {@code [batch, in_features]}, or a sequence {@code [batch, length,
 * in_features]} (then {@code MatMul} with Wᵀ and {@code Add}); put a {@link Flatten} before it for images.
 */
public final class Linear extends WeightedLayer<Linear> {
  private final long inFeatures;
  private final long outFeatures;
  private boolean bias = true;
  private Embedding tiedEmbedding;

  public Linear(long inFeatures, long outFeatures) {
    super(Init.pytorchWeight(), Init.pytorchBias());
    if (inFeatures < 1 || outFeatures < 1) {
      throw new IllegalArgumentException("Linear needs in_features and out_features >= 1, got " + inFeatures
          + " and " + outFeatures);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
  }

  /** Whether the layer adds a bias (default true). */
  public Linear bias(boolean enabled) {
    this.bias = enabled;
    return this;
  }

  /**
   * Uses the embedding's weight as this layer's (one parameter, trained once, counted once), as a language
   * model's output layer tied to its token embedding: PyTorch's {@code out.weight = embed.weight}. The model
   * must apply the embedding before this layer.
   */
  public Linear tiedTo(Embedding embedding) {
    if (embedding.numEmbeddings() != outFeatures || embedding.embeddingDim() != inFeatures) {
      throw new IllegalArgumentException(describe() + " cannot share the weight of " + embedding.describe()
          + ": its weight [out_features, in_features] = [" + outFeatures + ", " + inFeatures + "] must be the"
          + " embedding's [num_embeddings, embedding_dim]; make it Linear " + embedding.embeddingDim() + "->"
          + embedding.numEmbeddings());
    }
    this.tiedEmbedding = embedding;
    return this;
  }

  Embedding tiedEmbedding() {
    return tiedEmbedding;
  }

  @Override
  public String describe() {
    return "Linear " + inFeatures + "->" + outFeatures + (bias ? "" : " no bias")
        + (tiedEmbedding == null ? "" : " tied to " + tiedEmbedding.describe());
  }

  @Override
  public Shape outputShape(Shape input) {
    if (input.rank() == 3) {
      return sequenceOutputShape(input);
    }
    String expected = input.withPerSample(inFeatures).toString();
    requireRank(input, 2, expected, "add a Flatten before it");
    if (input.size(1) != inFeatures) {
      throw new ShapeMismatchException("expects input " + expected + " but gets " + input
          + "; set in_features to " + input.size(1));
    }
    return input.withPerSample(outFeatures);
  }

  private Shape sequenceOutputShape(Shape input) {
    requireKnownFeatures(input);
    if (input.size(2) != inFeatures) {
      throw new ShapeMismatchException("expects input [batch, length, " + inFeatures + "] but gets " + input
          + "; set in_features to " + input.size(2));
    }
    return input.withPerSample(input.size(1), outFeatures);
  }

  @Override
  public List<ParameterSpec> parameters(Shape input) {
    Fan fan = Fan.ofWeight(outFeatures, inFeatures);
    List<ParameterSpec> params = new ArrayList<>();
    if (tiedEmbedding == null) {
      params.add(ParameterSpec.trainable("weight", Shape.of(outFeatures, inFeatures), weightInit(), fan));
    }
    if (bias) {
      params.add(ParameterSpec.trainable("bias", Shape.of(outFeatures), biasInit(), fan));
    }
    return params;
  }

  @Override
  public void emit(LayerContext ctx) {
    if (ctx.inputShape().rank() == 3) {
      emitSequence(ctx);
      return;
    }
    var gemm = ctx.node("Gemm").inputs(ctx.input(), weight(ctx));
    if (bias) {
      gemm.inputs(ctx.parameter("bias"));
    }
    gemm.attr("transB", 1L).outputs(ctx.output());
  }

  private String weight(LayerContext ctx) {
    return tiedEmbedding == null ? ctx.parameter("weight") : ctx.sharedParameter(tiedEmbedding, "weight");
  }

  /** Gemm takes matrices only, so a sequence multiplies by the transposed weight and adds the bias. */
  private void emitSequence(LayerContext ctx) {
    String weightT = ctx.node("Transpose").inputs(weight(ctx)).ints("perm", 1, 0)
        .output(ctx.freshName("weight_t"));
    ctx.graph().valueType(weightT, dev.ortrain.graph.TensorType.floats(Shape.of(inFeatures, outFeatures)));
    if (!bias) {
      ctx.node("MatMul").inputs(ctx.input(), weightT).outputs(ctx.output());
      return;
    }
    String product = ctx.node("MatMul").inputs(ctx.input(), weightT).output(ctx.freshName("matmul"));
    ctx.graph().valueType(product, dev.ortrain.graph.TensorType.floats(ctx.outputShape()));
    ctx.node("Add").inputs(product, ctx.parameter("bias")).outputs(ctx.output());
  }
}
