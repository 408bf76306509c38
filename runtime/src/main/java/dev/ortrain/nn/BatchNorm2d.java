package dev.ortrain.nn;

import dev.ortrain.graph.Shape;

/** Batch normalization of images {@code [batch, channels, height, width]}; see {@link BatchNorm}. */
public final class BatchNorm2d extends BatchNorm<BatchNorm2d> {

  public BatchNorm2d(long numFeatures) {
    super(numFeatures);
  }

  @Override
  public Shape outputShape(Shape input) {
    requireChannels(input, input.rank() == 4, "[batch, " + numFeatures() + ", height, width]");
    return input;
  }
}
