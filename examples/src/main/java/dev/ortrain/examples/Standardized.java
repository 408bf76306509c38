package dev.ortrain.examples;

import dev.ortrain.data.Dataset;
import dev.ortrain.data.FieldSpec;
import dev.ortrain.data.FieldValues;
import java.util.List;

/**
 * A dataset whose float field is standardized element by element, (x − mean) / std, with statistics taken
 * from the training split only (so validation data does not leak into them).
 */
final class Standardized implements Dataset {
  private final Dataset source;
  private final int field;
  private final float[] mean;
  private final float[] std;

  Standardized(Dataset source, String field, float[] mean, float[] std) {
    this.source = source;
    this.field = source.fieldIndex(field);
    this.mean = mean.clone();
    this.std = std.clone();
  }

  /** Per-element mean and standard deviation of a float field over a dataset. */
  static float[][] statistics(Dataset data, String field) {
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
      std[j] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, squares[j] / data.size() - m * m)));
    }
    return new float[][] {mean, std};
  }

  @Override
  public int size() {
    return source.size();
  }

  @Override
  public List<FieldSpec> fields() {
    return source.fields();
  }

  @Override
  public void read(int index, int f, FieldValues out) {
    source.read(index, f, out);
    if (f == field) {
      float[] v = out.floats();
      for (int j = 0; j < v.length; j++) {
        v[j] = (v[j] - mean[j]) / std[j];
      }
    }
  }
}
