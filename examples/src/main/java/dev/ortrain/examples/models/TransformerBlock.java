package dev.ortrain.examples.models;

import dev.ortrain.nn.LayerNorm;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.Module;
import dev.ortrain.nn.MultiheadAttention;
import dev.ortrain.nn.Tensor;

/**
 * A pre-norm transformer block as ViT's: self-attention and a GELU MLP, each after a LayerNorm and inside a
 * residual connection. Written out rather than taken from {@link dev.ortrain.nn.TransformerEncoderLayer} to
 * show a block built from the API's layers.
 */
public final class TransformerBlock extends Module {
  private final LayerNorm norm1, norm2;
  private final MultiheadAttention attn;
  private final Linear fc1, fc2;

  public TransformerBlock(long dim, long heads, long mlpDim) {
    norm1 = register("norm1", new LayerNorm(dim));
    attn = register("attn", new MultiheadAttention(dim, heads));
    norm2 = register("norm2", new LayerNorm(dim));
    fc1 = register("fc1", new Linear(dim, mlpDim));
    fc2 = register("fc2", new Linear(mlpDim, dim));
  }

  @Override
  protected Tensor forward(Tensor x) {                                  // x: [batch, tokens, dim]
    x = x.add(attn.apply(norm1.apply(x)));
    return x.add(fc2.apply(fc1.apply(norm2.apply(x)).gelu()));
  }
}
