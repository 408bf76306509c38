package dev.ortrain.metrics;

/**
 * Which stage of a run a {@link MetricCollection} measures (training, validation or test); its prefix starts
 * every reported name ({@code val_loss}). Not {@link dev.ortrain.data.Split}, which names the parts a data set
 * is published in: validation is a stage of every run, whatever data it reads.
 */
public enum Stage {
  TRAIN("train_"),
  VALIDATION("val_"),
  TEST("test_");

  private final String prefix;

  Stage(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }
}
