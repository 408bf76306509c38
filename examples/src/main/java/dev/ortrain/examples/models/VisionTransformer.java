package dev.ortrain.examples.models;

import dev.ortrain.graph.Shape;
import dev.ortrain.nn.Conv2d;
import dev.ortrain.nn.Init;
import dev.ortrain.nn.LayerNorm;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.Module;
import dev.ortrain.nn.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A vision transformer (Dosovitskiy et al., 2021): square patches embedded by a strided convolution, a
 * learned class token before them, learned positions, {@link TransformerBlock}s, and a linear head on the
 * class token after a final LayerNorm.
 */
public final class VisionTransformer extends Module {
  /**
   * The transformer's sizes.
   *
   * @param imageSize height and width of the (square) images
   * @param patchSize height and width of a patch; divides imageSize
   * @param channels channels of the images
   * @param dim width of the tokens
   * @param depth number of blocks
   * @param heads attention heads per block; divide dim
   * @param mlpDim hidden width of each block's MLP
   * @param classes outputs of the head
   */
  public record Sizes(int imageSize, int patchSize, long channels, long dim, int depth, long heads, long mlpDim,
      long classes) {
    public Sizes {
      if (patchSize < 1 || imageSize % patchSize != 0) {
        throw new IllegalArgumentException("A patch size of " + patchSize + " does not tile images of " + imageSize
            + "x" + imageSize + "; choose a divisor of " + imageSize);
      }
      if (depth < 1) {
        throw new IllegalArgumentException("A vision transformer needs at least one block, got depth " + depth);
      }
    }

    /** Patches, and so tokens before the class token. */
    long patches() {
      return (long) (imageSize / patchSize) * (imageSize / patchSize);
    }
  }

  private final Conv2d patch;
  private final Parameter cls;
  private final Parameter position;
  private final List<TransformerBlock> blocks = new ArrayList<>();
  private final LayerNorm norm;
  private final Linear head;

  public VisionTransformer(Sizes s) {
    patch = register("patch", new Conv2d(s.channels(), s.dim(), s.patchSize()).stride(s.patchSize()));
    cls = parameter("cls", Shape.of(1, 1, s.dim()), Init.normal(0.02));
    position = parameter("position", Shape.of(1, s.patches() + 1, s.dim()), Init.normal(0.02));
    for (int i = 0; i < s.depth(); i++) {
      blocks.add(register("blocks." + i, new TransformerBlock(s.dim(), s.heads(), s.mlpDim())));
    }
    norm = register("norm", new LayerNorm(s.dim()));
    head = register("head", new Linear(s.dim(), s.classes()));
  }

  @Override
  protected Tensor forward(Tensor images) {
    Tensor x = patch.apply(images).flatten(2, 3).transpose(1, 2);      // [batch, patches, dim]
    x = Tensor.concat(1, cls.value().expandBatch(x), x).add(position.value());
    for (TransformerBlock block : blocks) {
      x = block.apply(x);
    }
    return head.apply(norm.apply(x).select(1, 0));                    // the class token
  }
}
