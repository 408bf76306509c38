package dev.ortrain.processor.model;

/** What a provider method returns, as far as the generated code is concerned. */
public enum ReturnKind {
  FORWARD_MODEL,
  SEQUENTIAL,
  LOSS,
  DATASET,
  METRIC_ARRAY,
  METRIC_LIST,
  /** Anything else: an error for every provider kind. */
  OTHER
}
