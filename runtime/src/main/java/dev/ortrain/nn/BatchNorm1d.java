package dev.ortrain.nn;

import dev.ortrain.graph.Shape;

/** Batch normalization of {@code [batch, features]} or {@code [batch, channels, length]}; see {@link BatchNorm}. */
public final class BatchNorm1d extends BatchNorm<BatchNorm1d> {

  public BatchNorm1d(long numFeatures) {
    super(numFeatures);
  }

  @Override
  public Shape outputShape(Shape input) {
    requireChannels(input, input.rank() == 2 || input.rank() == 3,
        "[batch, " + numFeatures() + "] or [batch, " + numFeatures() + ", length]");
    return input;
  }
}
