package dev.ortrain.data;

import java.util.Objects;

/**
 * A dataset split at random into a training part and a validation part, drawn from a seed: the same seed
 * gives the same parts on every machine, and every sample is in exactly one part. The validation part has
 * round(fraction × size) samples (halves round up); both parts keep the dataset's order. Each part is a view
 * that reads its samples from the dataset through an index array.
 *
 * <pre>{@code
 * HoldOut split = FashionMnist.load(dir, Split.TRAIN).holdOut(1.0 / 12, 42).stratifiedBy("label");
 * trainer.trainData(split.train()).validationData(split.validation());
 * }</pre>
 */
public final class HoldOut {
  private final Dataset source;
  private final double fraction;
  private final long seed;
  private final String labelField; // null when not stratified
  private final Dataset train;
  private final Dataset validation;

  HoldOut(Dataset source, double fraction, long seed) {
    this(source, fraction, seed, null);
  }

  private HoldOut(Dataset source, double fraction, long seed, String labelField) {
    this.source = Objects.requireNonNull(source, "source");
    this.fraction = fraction;
    this.seed = seed;
    this.labelField = labelField;
    int count = heldOutCount(source.size(), fraction);
    boolean[] heldOut = labelField == null
        ? HoldOutDraw.uniform(source.size(), count, seed)
        : HoldOutDraw.stratified(ClassLabels.read(source, labelField), count, seed);
    this.train = part(heldOut, false, "training part");
    this.validation = part(heldOut, true, "validation part");
  }

  /**
   * The same split drawn class by class, so that both parts keep the class proportions of the dataset: each
   * class holds out round-down or round-up of its share, the total stays round(fraction × size).
   *
   * @param labelField an int64 field with one class index per sample
   */
  public HoldOut stratifiedBy(String labelField) {
    return new HoldOut(source, fraction, seed, Objects.requireNonNull(labelField, "labelField"));
  }

  /** The samples not held out, for training. */
  public Dataset train() {
    return train;
  }

  /** The held-out samples, for validation. */
  public Dataset validation() {
    return validation;
  }

  private static int heldOutCount(int size, double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("holdOut(" + fraction + ", seed): the fraction is the share of the samples"
          + " held out for validation and must be in (0, 1), e.g. 0.1");
    }
    long count = Math.round(fraction * size);
    if (count == 0) {
      throw new IllegalArgumentException("holdOut(" + fraction + ", seed) of " + size + " samples holds out none,"
          + " leaving the validation part empty; use a fraction of at least 1/" + size);
    }
    if (count == size) {
      throw new IllegalArgumentException("holdOut(" + fraction + ", seed) of " + size + " samples holds out all of"
          + " them, leaving the training part empty; use a fraction of at most " + (size - 1) + "/" + size);
    }
    return (int) count;
  }

  private Dataset part(boolean[] heldOut, boolean validationPart, String name) {
    int count = 0;
    for (boolean h : heldOut) {
      count += h == validationPart ? 1 : 0;
    }
    int[] indices = new int[count];
    for (int i = 0, k = 0; i < heldOut.length; i++) {
      if (heldOut[i] == validationPart) {
        indices[k++] = i;
      }
    }
    return new IndexedDataset(source, indices, name + " (" + count + " samples) of " + this);
  }

  /** For example {@code holdOut(0.1, seed 42, stratified by label)}. */
  @Override
  public String toString() {
    return "holdOut(" + fraction + ", seed " + seed + (labelField == null ? "" : ", stratified by " + labelField)
        + ")";
  }
}
