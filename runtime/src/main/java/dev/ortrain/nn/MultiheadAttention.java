package dev.ortrain.nn;

import dev.ortrain.graph.DataType;
import dev.ortrain.graph.Shape;

/**
 * Multi-head self-attention over {@code [batch, length, embed_dim]}, as PyTorch's
 * {@code nn.MultiheadAttention(embed_dim, num_heads, batch_first=True)} applied to (x, x, x): its parameters
 * have PyTorch's names and initialization ({@code in_proj_weight} Xavier-uniform, the biases zero,
 * {@code out_proj} a Linear), so PyTorch weights load by name. Each head computes
 * softmax(q·kᵀ / √head_dim) · v; a key-padding mask (true = padding, as in PyTorch) hides keys from every
 * query, and dropout acts on the attention weights.
 */
public final class MultiheadAttention extends Module {
  private final long embedDim;
  private final long numHeads;
  private final Parameter inProjWeight;
  private final Parameter inProjBias;
  private final Linear outProj;
  private final Dropout dropout;
  private boolean causal;

  public MultiheadAttention(long embedDim, long numHeads) {
    this(embedDim, numHeads, 0f);
  }

  public MultiheadAttention(long embedDim, long numHeads, float dropout) {
    if (embedDim < 1 || numHeads < 1 || embedDim % numHeads != 0) {
      throw new IllegalArgumentException("MultiheadAttention needs embed_dim divisible by num_heads (each head"
          + " takes embed_dim / num_heads features), got " + embedDim + " and " + numHeads);
    }
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    inProjWeight = parameter("in_proj_weight", Shape.of(3 * embedDim, embedDim), Init.xavierUniform());
    inProjBias = parameter("in_proj_bias", Shape.of(3 * embedDim), Init.zeros());
    outProj = register("out_proj", new Linear(embedDim, embedDim).biasInit(Init.zeros()));
    this.dropout = register("dropout", new Dropout(dropout));
  }

  /**
   * Lets each position attend only to itself and the positions before it, as a language model must:
   * PyTorch's {@code is_causal=True} with {@code generate_square_subsequent_mask}.
   */
  public MultiheadAttention causal(boolean enabled) {
    this.causal = enabled;
    return this;
  }

  @Override
  public String describe() {
    return "MultiheadAttention " + embedDim + " heads " + numHeads + (causal ? " causal" : "");
  }

  /** Self-attention without a mask. */
  @Override
  protected Tensor forward(Tensor x) {
    return attend(x, null);
  }

  /** Self-attention where {@code keyPaddingMask} [batch, length] is true at the keys to ignore. */
  public Tensor apply(Tensor x, Tensor keyPaddingMask) {
    return call(x, () -> attend(x, keyPaddingMask));
  }

  private Tensor attend(Tensor x, Tensor keyPaddingMask) {
    requireSequence(x);
    long length = x.shape().size(1);
    Tensor qkv = x.matmul(inProjWeight.value().transpose(0, 1)).add(inProjBias.value());
    Tensor q = heads(qkv.narrow(2, 0, embedDim), length);
    Tensor k = heads(qkv.narrow(2, embedDim, embedDim), length);
    Tensor v = heads(qkv.narrow(2, 2 * embedDim, embedDim), length);
    Tensor scores = q.scale(1 / Math.sqrt(embedDim / numHeads)).matmul(k.transpose(2, 3));
    if (causal) {
      scores = scores.add(futureMask(x, length));
    }
    if (keyPaddingMask != null) {
      requireMask(keyPaddingMask, x);
      // -inf gives a hidden key weight exp(-inf) = 0 after the softmax, exactly as PyTorch's mask does.
      scores = scores.maskedFill(keyPaddingMask.unsqueeze(1).unsqueeze(2), Float.NEGATIVE_INFINITY);
    }
    Tensor weights = dropout.apply(scores.softmax(-1));
    Tensor merged = weights.matmul(v).transpose(1, 2).reshape(length, embedDim);
    return outProj.apply(merged);
  }

  /** [length, length], −∞ above the diagonal: added to the scores, a later key gets weight 0, as in PyTorch. */
  private static Tensor futureMask(Tensor x, long length) {
    float[] mask = new float[(int) (length * length)];
    for (int query = 0; query < length; query++) {
      for (int key = query + 1; key < length; key++) {
        mask[(int) (query * length + key)] = Float.NEGATIVE_INFINITY;
      }
    }
    return x.tracer().floats("causal_mask", new long[] {length, length}, mask);
  }

  /** [batch, length, embed_dim] to [batch, heads, length, head_dim]. */
  private Tensor heads(Tensor t, long length) {
    return t.reshape(length, numHeads, embedDim / numHeads).transpose(1, 2);
  }

  private void requireSequence(Tensor x) {
    Shape s = x.shape();
    if (s.rank() != 3 || !s.isKnown(1) || !s.isKnown(2) || s.size(2) != embedDim) {
      throw new ShapeMismatchException("expects input [batch, length, " + embedDim + "] but gets " + s
          + (s.rank() == 3 && s.isKnown(2) ? "; set embed_dim to " + s.size(2)
              : "; give it a sequence of vectors (batch first), e.g. from an Embedding"));
    }
  }

  private static void requireMask(Tensor mask, Tensor x) {
    Shape expected = x.shape().withPerSample(x.shape().size(1));
    if (mask.dataType() != DataType.BOOL || !mask.shape().equals(expected)) {
      throw new ShapeMismatchException("expects a key-padding mask bool" + expected + " but gets " + mask.type()
          + "; make it from the token ids, e.g. tokens.equal(paddingId)");
    }
  }
}
