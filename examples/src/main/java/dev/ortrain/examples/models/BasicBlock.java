package dev.ortrain.examples.models;

import dev.ortrain.nn.BatchNorm2d;
import dev.ortrain.nn.Conv2d;
import dev.ortrain.nn.Module;
import dev.ortrain.nn.Sequential;
import dev.ortrain.nn.Tensor;

/**
 * ResNet's basic block (He et al., 2016): two 3x3 convolutions with BatchNorm and a residual connection,
 * through a strided 1x1 convolution where the block changes the shape, as torchvision's {@code BasicBlock}.
 */
public final class BasicBlock extends Module {
  private final Conv2d conv1, conv2;
  private final BatchNorm2d bn1, bn2;
  private final Sequential shortcut;

  public BasicBlock(long in, long out, int stride) {
    conv1 = register("conv1", new Conv2d(in, out, 3).stride(stride).padding(1).bias(false));
    bn1 = register("bn1", new BatchNorm2d(out));
    conv2 = register("conv2", new Conv2d(out, out, 3).padding(1).bias(false));
    bn2 = register("bn2", new BatchNorm2d(out));
    shortcut = stride == 1 && in == out ? null : register("shortcut",
        Sequential.of(new Conv2d(in, out, 1).stride(stride).bias(false), new BatchNorm2d(out)));
  }

  @Override
  protected Tensor forward(Tensor x) {
    Tensor y = bn1.apply(conv1.apply(x)).relu();
    y = bn2.apply(conv2.apply(y));
    return y.add(shortcut == null ? x : shortcut.apply(x)).relu();     // the residual connection
  }
}
