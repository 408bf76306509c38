package dev.ortrain.data;

import java.util.Arrays;

/** (x - mean) / std, with one mean and std for all values or one per channel (the first per-sample axis). */
final class Normalize implements Transform {
  private final String field;
  private final float[] mean;
  private final float[] invStd; // multiplying is cheaper than dividing in the per-element loop

  Normalize(String field, float[] mean, float[] std) {
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException("normalize(" + field + ") needs as many means as standard deviations"
          + " (one, or one per channel), got " + mean.length + " and " + std.length);
    }
    this.field = field;
    this.mean = mean.clone();
    this.invStd = new float[std.length];
    for (int i = 0; i < std.length; i++) {
      if (!(std[i] > 0) || Float.isInfinite(std[i]) || !Float.isFinite(mean[i])) {
        throw new IllegalArgumentException("normalize(" + field + "): std must be finite and > 0 and mean finite,"
            + " got mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std));
      }
      invStd[i] = 1f / std[i];
    }
  }

  @Override
  public String field() {
    return field;
  }

  @Override
  public FieldSpec outputSpec(FieldSpec input) {
    if (!input.isFloat()) {
      throw new IllegalArgumentException("normalize(" + field + ") needs a float field, but '" + field + "' is "
          + input.batchedType() + "; normalize features, not class indices");
    }
    if (mean.length > 1) {
      long[] dims = input.dims();
      if (dims.length == 0 || dims[0] != mean.length) {
        throw new IllegalArgumentException("normalize(" + field + ") has " + mean.length + " per-channel values,"
            + " but the field's per-sample shape " + input.sampleShape() + " does not have " + mean.length
            + " channels on its first axis");
      }
    }
    return input;
  }

  @Override
  public void apply(FieldValues in, FieldValues out, SampleContext context) {
    float[] src = in.floats();
    float[] dst = out.floats();
    int perChannel = src.length / mean.length;
    for (int c = 0, i = 0; c < mean.length; c++) {
      float m = mean[c];
      float s = invStd[c];
      for (int end = i + perChannel; i < end; i++) {
        dst[i] = (src[i] - m) * s;
      }
    }
  }

  @Override
  public String toString() {
    return "normalize(" + field + ", mean " + Arrays.toString(mean) + ")";
  }
}
