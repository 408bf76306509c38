package dev.ortrain.data;

/** The built-in {@link Transform}s. Add them to a loader in the order they should run. */
public final class Transforms {
  private Transforms() {}

  /** (x - mean) / std for every value of a float field. */
  public static Transform normalize(String field, float mean, float std) {
    return new Normalize(field, new float[] {mean}, new float[] {std});
  }

  /** (x - mean[c]) / std[c] with c the index on the field's first per-sample axis (the channel of [C, H, W]). */
  public static Transform normalize(String field, float[] mean, float[] std) {
    return new Normalize(field, mean, std);
  }

  /** An int64 class index to a float one-hot vector of length {@code classes} (for MSE or soft-label losses). */
  public static Transform oneHot(String field, int classes) {
    return new OneHot(field, classes);
  }

  /** Mirrors an image ([C, H, W] or [H, W]) left to right with probability 1/2. */
  public static Transform randomHorizontalFlip(String field) {
    return new RandomHorizontalFlip(field, 0.5);
  }

  /** Mirrors an image left to right with probability {@code p}. */
  public static Transform randomHorizontalFlip(String field, double p) {
    return new RandomHorizontalFlip(field, p);
  }

  /** Shifts an image by up to {@code padding} pixels each way, filling with zeros (pad, then crop to size). */
  public static Transform randomCrop(String field, int padding) {
    return new RandomCrop(field, padding);
  }

  /** Reshapes a field to a single axis, e.g. [1, 28, 28] to [784]. */
  public static Transform flatten(String field) {
    return new Flatten(field);
  }
}
