package dev.ortrain.benchmarks.harness;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.Arrays;

/** Median and range of repeated measurements. */
final class Stats {
  private Stats() {}

  static double[] values(JsonArray a) {
    double[] v = new double[a.size()];
    int i = 0;
    for (JsonElement e : a) {
      v[i++] = e.getAsDouble();
    }
    Arrays.sort(v);
    return v;
  }

  static double median(JsonArray a) {
    double[] v = values(a);
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static double min(JsonArray a) {
    double[] v = values(a);
    return v.length == 0 ? Double.NaN : v[0];
  }

  static double max(JsonArray a) {
    double[] v = values(a);
    return v.length == 0 ? Double.NaN : v[v.length - 1];
  }
}
