package dev.ortrain.data;

/**
 * Which part of a data set published with a fixed train/test split to load. Not
 * {@link dev.ortrain.metrics.Stage}, the stage of a run a metric measures: validation data is usually held out
 * of the published training part.
 */
public enum Split {
  TRAIN,
  TEST
}
