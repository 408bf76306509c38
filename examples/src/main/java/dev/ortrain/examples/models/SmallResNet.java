package dev.ortrain.examples.models;

import dev.ortrain.nn.AdaptiveAvgPool2d;
import dev.ortrain.nn.BatchNorm2d;
import dev.ortrain.nn.Conv2d;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.Module;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;
import dev.ortrain.nn.Tensor;

/**
 * A ResNet for 28x28 grayscale images: a 3x3 stem of 16 channels, three {@link BasicBlock}s of 16, 32 and 64
 * channels (the last two halving the resolution to 7x7), global average pooling and a linear classifier.
 */
public final class SmallResNet extends Module {
  private final Sequential stem = register("stem",
      Sequential.of(new Conv2d(1, 16, 3).padding(1).bias(false), new BatchNorm2d(16), new ReLU()));
  private final BasicBlock layer1 = register("layer1", new BasicBlock(16, 16, 1));
  private final BasicBlock layer2 = register("layer2", new BasicBlock(16, 32, 2));
  private final BasicBlock layer3 = register("layer3", new BasicBlock(32, 64, 2));
  private final AdaptiveAvgPool2d pool = register("pool", new AdaptiveAvgPool2d(1));
  private final Linear fc;

  public SmallResNet(long classes) {
    fc = register("fc", new Linear(64, classes));
  }

  @Override
  protected Tensor forward(Tensor images) {
    Tensor x = layer3.apply(layer2.apply(layer1.apply(stem.apply(images))));
    return fc.apply(pool.apply(x).flatten());
  }
}
