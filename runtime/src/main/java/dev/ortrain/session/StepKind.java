package dev.ortrain.session;

/** The two forward passes a session runs: a train step (with backward) and an eval step. */
enum StepKind {
  TRAIN("train"),
  EVAL("eval");

  private final String label;

  StepKind(String label) {
    this.label = label;
  }

  /** How messages name the step: "the train step". */
  String label() {
    return label;
  }
}
