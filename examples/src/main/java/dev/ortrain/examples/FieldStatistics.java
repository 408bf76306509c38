package dev.ortrain.examples;

import dev.ortrain.data.Dataset;
import dev.ortrain.data.FieldValues;

/**
 * Per-element mean and standard deviation of a float field over a dataset, for {@link Dataset#normalized}:
 * taken from the training part only, so that validation data do not leak into them.
 */
record FieldStatistics(float[] mean, float[] std) {
  // A constant element would otherwise divide by zero.
  private static final double SMALLEST_STD = 1e-6;

  static FieldStatistics of(Dataset data, String field) {
    int index = data.fieldIndex(field);
    FieldValues values = new FieldValues(data.fields().get(index));
    int n = values.floats().length;
    double[] sum = new double[n];
    double[] squares = new double[n];
    for (int i = 0; i < data.size(); i++) {
      data.read(i, index, values);
      float[] v = values.floats();
      for (int j = 0; j < n; j++) {
        sum[j] += v[j];
        squares[j] += (double) v[j] * v[j];
      }
    }
    float[] mean = new float[n];
    float[] std = new float[n];
    for (int j = 0; j < n; j++) {
      double m = sum[j] / data.size();
      mean[j] = (float) m;
      std[j] = (float) Math.max(SMALLEST_STD, Math.sqrt(Math.max(0, squares[j] / data.size() - m * m)));
    }
    return new FieldStatistics(mean, std);
  }

  /** {@code data} with {@code field} standardized by these statistics. */
  Dataset standardize(Dataset data, String field) {
    return data.normalized(field, mean, std);
  }
}
