package dev.ortrain.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A stack of encoder layers applied in turn, as PyTorch's {@code nn.TransformerEncoder(layer, num_layers)}:
 * its layers are named {@code layers.0}, {@code layers.1}, ... Each layer is made by {@code newLayer}, where
 * PyTorch deep-copies one.
 */
public final class TransformerEncoder extends Module {
  private final List<TransformerEncoderLayer> layers = new ArrayList<>();

  public TransformerEncoder(Supplier<TransformerEncoderLayer> newLayer, int numLayers) {
    if (numLayers < 1) {
      throw new IllegalArgumentException("TransformerEncoder needs num_layers >= 1, got " + numLayers);
    }
    for (int i = 0; i < numLayers; i++) {
      layers.add(register("layers." + i, newLayer.get()));
    }
  }

  @Override
  public String describe() {
    return "TransformerEncoder of " + layers.size() + (layers.size() == 1 ? " layer" : " layers");
  }

  @Override
  protected Tensor forward(Tensor x) {
    for (TransformerEncoderLayer layer : layers) {
      x = layer.apply(x);
    }
    return x;
  }

  /** The stack with a key-padding mask [batch, length], true at padding, given to every layer. */
  public Tensor apply(Tensor x, Tensor keyPaddingMask) {
    return call(x, () -> {
      Tensor y = x;
      for (TransformerEncoderLayer layer : layers) {
        y = layer.apply(y, keyPaddingMask);
      }
      return y;
    });
  }
}
