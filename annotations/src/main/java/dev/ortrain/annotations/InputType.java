package dev.ortrain.annotations;

/** The element type of a model's input: float features or integer ids (tokens, categories). */
public enum InputType {
  /** float32 features: images, tabular values, sequences of vectors. */
  FLOAT,
  /** int64 ids, such as the tokens an {@code Embedding} looks up. */
  INT64
}
