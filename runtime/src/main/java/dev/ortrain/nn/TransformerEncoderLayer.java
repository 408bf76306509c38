package dev.ortrain.nn;

import java.util.Objects;

/**
 * A transformer encoder layer over {@code [batch, length, d_model]}, as PyTorch's
 * {@code nn.TransformerEncoderLayer(d_model, nhead, batch_first=True)}: self-attention then a feed-forward
 * network (linear1, ReLU or {@link #activation GELU}, dropout, linear2), each in a residual connection with a
 * LayerNorm. Post-norm by default, {@code x = norm1(x + sa(x)); x = norm2(x + ff(x))}; {@link #normFirst} gives
 * pre-norm, {@code x = x + sa(norm1(x)); x = x + ff(norm2(x))}. Parameter names are PyTorch's.
 */
public final class TransformerEncoderLayer extends Module {
  /** The feed-forward network's activation, PyTorch's {@code activation="relu"} or {@code "gelu"}. */
  public enum Activation {
    RELU {
      @Override
      Tensor apply(Tensor x) {
        return x.relu();
      }
    },
    /** The exact (erf) GELU of BERT and ViT. */
    GELU {
      @Override
      Tensor apply(Tensor x) {
        return x.gelu();
      }
    };

    abstract Tensor apply(Tensor x);
  }

  private final long dModel;
  private final MultiheadAttention selfAttn;
  private final Linear linear1;
  private final Dropout dropout;
  private final Linear linear2;
  private final LayerNorm norm1;
  private final LayerNorm norm2;
  private final Dropout dropout1;
  private final Dropout dropout2;
  private boolean normFirst;
  private Activation activation = Activation.RELU;

  /** PyTorch's defaults: dim_feedforward 2048, dropout 0.1. */
  public TransformerEncoderLayer(long dModel, long nhead) {
    this(dModel, nhead, 2048, 0.1f);
  }

  public TransformerEncoderLayer(long dModel, long nhead, long dimFeedforward, float dropout) {
    this.dModel = dModel;
    selfAttn = register("self_attn", new MultiheadAttention(dModel, nhead, dropout));
    linear1 = register("linear1", new Linear(dModel, dimFeedforward));
    this.dropout = register("dropout", new Dropout(dropout));
    linear2 = register("linear2", new Linear(dimFeedforward, dModel));
    norm1 = register("norm1", new LayerNorm(dModel));
    norm2 = register("norm2", new LayerNorm(dModel));
    dropout1 = register("dropout1", new Dropout(dropout));
    dropout2 = register("dropout2", new Dropout(dropout));
  }

  /**
   * A decoder-only (GPT-style) block: pre-norm self-attention under a causal mask, then the feed-forward
   * network; PyTorch writes it as this layer with {@code norm_first=True} applied with a causal mask.
   */
  public static TransformerEncoderLayer decoderBlock(long dModel, long nhead, long dimFeedforward,
      float dropout) {
    return new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropout).normFirst(true).causal(true);
  }

  /** Masks the attention to later positions (see {@link MultiheadAttention#causal}). */
  public TransformerEncoderLayer causal(boolean enabled) {
    selfAttn.causal(enabled);
    return this;
  }

  /** Normalizes before each sublayer instead of after (pre-norm, as GPT-2 and ViT); PyTorch's norm_first. */
  public TransformerEncoderLayer normFirst(boolean enabled) {
    this.normFirst = enabled;
    return this;
  }

  /** The feed-forward network's activation; ReLU unless set, as in PyTorch. */
  public TransformerEncoderLayer activation(Activation activation) {
    this.activation = Objects.requireNonNull(activation, "activation");
    return this;
  }

  @Override
  public String describe() {
    return "TransformerEncoderLayer " + dModel + (normFirst ? " pre-norm" : "")
        + (activation == Activation.RELU ? "" : " " + activation);
  }

  @Override
  protected Tensor forward(Tensor x) {
    return encode(x, null);
  }

  /** The layer with a key-padding mask [batch, length], true at padding. */
  public Tensor apply(Tensor x, Tensor keyPaddingMask) {
    return call(x, () -> encode(x, keyPaddingMask));
  }

  private Tensor encode(Tensor x, Tensor keyPaddingMask) {
    if (normFirst) {
      x = x.add(attention(norm1.apply(x), keyPaddingMask));
      return x.add(feedForward(norm2.apply(x)));
    }
    x = norm1.apply(x.add(attention(x, keyPaddingMask)));
    return norm2.apply(x.add(feedForward(x)));
  }

  private Tensor attention(Tensor x, Tensor keyPaddingMask) {
    Tensor attended = keyPaddingMask == null ? selfAttn.apply(x) : selfAttn.apply(x, keyPaddingMask);
    return dropout1.apply(attended);
  }

  private Tensor feedForward(Tensor x) {
    return dropout2.apply(linear2.apply(dropout.apply(activation.apply(linear1.apply(x)))));
  }
}
