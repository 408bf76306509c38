package dev.ortrain.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base of metrics that are a function of running sums: the state is the sums, saving and restoring them is
 * exact, and a batch only changes them once all of its contributions were computed.
 */
public abstract class SumsMetric implements Metric {
  private final String name;
  private final List<String> sumNames;
  private final double[] sums;

  protected SumsMetric(String name, List<String> sumNames) {
    this.name = MetricNames.requireValid(name);
    this.sumNames = List.copyOf(sumNames);
    if (this.sumNames.isEmpty() || Set.copyOf(this.sumNames).size() != this.sumNames.size()) {
      throw new IllegalArgumentException("Metric '" + name + "' needs distinct sum names, got " + sumNames);
    }
    this.sums = new double[this.sumNames.size()];
  }

  /** What {@code batch} adds to each sum, in the order of the sum names. */
  protected abstract double[] batchSums(Batch batch);

  /** The metric's value for the given totals (NaN when nothing was counted). */
  protected abstract double result(double[] totals);

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final void reset() {
    Arrays.fill(sums, 0);
  }

  @Override
  public final void update(Batch batch) {
    double[] add = batchSums(batch);
    if (add == null || add.length != sums.length) {
      throw new IllegalStateException("Metric '" + name + "' must add " + sums.length + " sums " + sumNames
          + " per batch, got " + (add == null ? "null" : add.length + " values"));
    }
    for (int i = 0; i < sums.length; i++) {
      sums[i] += add[i];
    }
  }

  @Override
  public final double result() {
    return result(sums.clone());
  }

  @Override
  public final Map<String, Double> state() {
    Map<String, Double> state = new LinkedHashMap<>();
    for (int i = 0; i < sums.length; i++) {
      state.put(sumNames.get(i), sums[i]);
    }
    return state;
  }

  @Override
  public final void restore(Map<String, Double> state) {
    if (!state.keySet().equals(Set.copyOf(sumNames))) {
      throw new IllegalArgumentException("Metric '" + name + "' keeps " + sumNames + " but the saved state has "
          + state.keySet());
    }
    for (int i = 0; i < sums.length; i++) {
      Double value = state.get(sumNames.get(i));
      if (value == null) {
        throw new IllegalArgumentException("Metric '" + name + "' state has no value for " + sumNames.get(i));
      }
      sums[i] = value;
    }
  }

  @Override
  public String toString() {
    return name + "=" + result() + " " + state();
  }
}
