package dev.ortrain.processor.model;

/** What a provider method returns, as far as the generated code is concerned. */
public enum ReturnKind {
  FORWARD_MODEL,
  /** A Sequential: built by the generated code for the input shape and the run's seed. */
  SEQUENTIAL,
  /** A Module: built as a Sequential is, for float or int64 input. */
  MODULE,
  LOSS,
  DATASET,
  METRIC_ARRAY,
  METRIC_LIST,
  /** Anything else: an error for every provider kind. */
  OTHER;

  /** Whether the generated code builds the model for {@code @Model(inputShape, inputType)}. */
  public boolean builtForShape() {
    return this == SEQUENTIAL || this == MODULE;
  }
}
