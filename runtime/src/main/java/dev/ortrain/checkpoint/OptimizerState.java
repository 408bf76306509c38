package dev.ortrain.checkpoint;

import java.util.List;
import java.util.Map;

/**
 * The optimizer part of a checkpoint: completed step count, the learning rate it was created with and the
 * moments of each trainable parameter ({@code momentum0} = first moment, {@code momentum1} = second moment).
 */
public record OptimizerState(long step, float initialLearningRate, Map<String, List<NamedTensor>> momentsByParameter) {
  /** ONNX Runtime only restores a group of this name; any other is silently ignored. */
  public static final String GROUP_NAME = "group0";

  public OptimizerState {
    momentsByParameter = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(momentsByParameter));
  }
}
