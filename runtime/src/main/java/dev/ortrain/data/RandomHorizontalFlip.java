package dev.ortrain.data;

/** Mirrors an image left to right with probability {@code p}. */
final class RandomHorizontalFlip implements Transform {
  private final String field;
  private final double probability;

  RandomHorizontalFlip(String field, double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("randomHorizontalFlip(" + field + "): probability must be in [0, 1], got "
          + probability);
    }
    this.field = field;
    this.probability = probability;
  }

  @Override
  public String field() {
    return field;
  }

  @Override
  public FieldSpec outputSpec(FieldSpec input) {
    ImageLayout.of(input, "randomHorizontalFlip(" + field + ")");
    return input;
  }

  @Override
  public void apply(FieldValues in, FieldValues out, SampleContext context) {
    float[] src = in.floats();
    float[] dst = out.floats();
    int width = in.dim(in.rank() - 1);
    if (!context.random().nextBoolean(probability)) {
      System.arraycopy(src, 0, dst, 0, src.length);
      return;
    }
    for (int row = 0; row < src.length; row += width) {
      for (int x = 0; x < width; x++) {
        dst[row + x] = src[row + width - 1 - x];
      }
    }
  }

  @Override
  public String toString() {
    return "randomHorizontalFlip(" + field + ", " + probability + ")";
  }
}
