package dev.ortrain.metrics;

/** Which data a {@link MetricCollection} measures; its prefix starts every reported name ({@code val_loss}). */
public enum Split {
  TRAIN("train_"),
  VALIDATION("val_"),
  TEST("test_");

  private final String prefix;

  Split(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }
}
