package dev.ortrain.processor.model;

/** What a provider method returns, as far as the generated code is concerned. */
public enum ReturnKind {
  FORWARD_MODEL,
  /** A Sequential or a Module: built by the generated code for the input shape and the run's seed. */
  BUILT_FOR_SHAPE,
  LOSS,
  DATASET,
  METRIC_ARRAY,
  METRIC_LIST,
  /** Anything else: an error for every provider kind. */
  OTHER
}
