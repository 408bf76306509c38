package dev.ortrain.processor.model;

/** A value the training loop can pass to a hook method. */
public enum HookArgument {
  CONTEXT("TrainingContext"),
  EPOCH("int epoch"),
  METRICS("Map<String, Double> metrics"),
  OUTCOME("BatchOutcome"),
  /** A parameter type the loop has no value for. */
  UNSUPPORTED("");

  private final String description;

  HookArgument(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
