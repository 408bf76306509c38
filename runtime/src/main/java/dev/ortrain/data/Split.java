package dev.ortrain.data;

/** Which part of a data set with a fixed train/test split to load. */
public enum Split {
  TRAIN,
  TEST
}
