package dev.ortrain.nn;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;
import java.util.List;
import java.util.Objects;

/**
 * A lookup table of {@code num_embeddings} vectors of size {@code embedding_dim}: int64 ids of any shape
 * {@code [batch, ...]} become {@code [batch, ..., embedding_dim]}, emitted as ONNX {@code Gather}. The weight
 * is drawn from N(0, 1), as PyTorch's default. Also a learned positional embedding, applied to positions.
 */
public final class Embedding extends AbstractLayer<Embedding> {
  private final long numEmbeddings;
  private final long embeddingDim;
  private Init weightInit = Init.normal(1);

  public Embedding(long numEmbeddings, long embeddingDim) {
    if (numEmbeddings < 1 || embeddingDim < 1) {
      throw new IllegalArgumentException("Embedding needs num_embeddings and embedding_dim >= 1, got "
          + numEmbeddings + " and " + embeddingDim);
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
  }

  /** Replaces the default N(0, 1), e.g. with GPT-2's {@code Init.normal(0.02)}. */
  public Embedding weightInit(Init init) {
    this.weightInit = Objects.requireNonNull(init, "init");
    return this;
  }

  long numEmbeddings() {
    return numEmbeddings;
  }

  long embeddingDim() {
    return embeddingDim;
  }

  @Override
  public String describe() {
    return "Embedding " + numEmbeddings + "x" + embeddingDim;
  }

  @Override
  public DataType outputDataType(DataType input) {
    if (input != DataType.INT64) {
      throw new ShapeMismatchException("looks up int64 ids but gets " + input.name().toLowerCase(java.util.Locale.ROOT)
          + " values; declare the model input as int64, e.g. new TensorType(DataType.INT64, Shape.batched(6))");
    }
    return DataType.FLOAT;
  }

  @Override
  public Shape outputShape(Shape input) {
    List<Object> dims = new java.util.ArrayList<>(input.dims());
    dims.add(embeddingDim);
    return Dims.shape(dims);
  }

  @Override
  public List<ParameterSpec> parameters(Shape input) {
    return List.of(ParameterSpec.trainable("weight", Shape.of(numEmbeddings, embeddingDim), weightInit,
        Fan.ofWeight(numEmbeddings, embeddingDim)));
  }

  @Override
  public void emit(LayerContext ctx) {
    ctx.node("Gather").inputs(ctx.parameter("weight"), ctx.input()).attr("axis", 0L).outputs(ctx.output());
  }
}
