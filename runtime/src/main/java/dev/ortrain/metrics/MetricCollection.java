package dev.ortrain.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metrics of one stage, updated together and reported with the stage's prefix:
 * <pre>{@code
 * MetricCollection val = MetricCollection.of(Stage.VALIDATION, new MeanLoss(), new Accuracy());
 * val.reset();
 * for (...) val.update(Batch.classification(result.prediction(), result.predictionShape(), labels, result.loss()));
 * Map<String, Double> r = val.results(); // {val_loss=..., val_accuracy=...}
 * }</pre>
 * The collection works on {@link Metric#fresh() fresh copies} of the given metrics, so the same metric objects
 * can configure every stage without sharing state. Not thread-safe.
 */
public final class MetricCollection {
  private final Stage stage;
  private final List<Metric> metrics;

  private MetricCollection(Stage stage, List<? extends Metric> templates) {
    if (stage == null) {
      throw new IllegalArgumentException("A metric collection needs a stage (TRAIN, VALIDATION or TEST)");
    }
    this.stage = stage;
    List<Metric> copies = new ArrayList<>();
    for (Metric template : templates) {
      copies.add(template.fresh());
    }
    MetricNames.reported(stage, copies.stream().map(Metric::name).toList()); // rejects invalid and repeated names
    this.metrics = List.copyOf(copies);
  }

  public static MetricCollection of(Stage stage, List<? extends Metric> metrics) {
    return new MetricCollection(stage, metrics);
  }

  public static MetricCollection of(Stage stage, Metric... metrics) {
    return new MetricCollection(stage, Arrays.asList(metrics));
  }

  public Stage stage() {
    return stage;
  }

  /** The names {@link #results()} reports, in order, e.g. {@code [val_loss, val_accuracy]}. */
  public List<String> names() {
    return MetricNames.reported(stage, metrics.stream().map(Metric::name).toList());
  }

  /** Forgets every batch, e.g. at the start of an epoch. */
  public void reset() {
    metrics.forEach(Metric::reset);
  }

  /**
   * Adds one batch to every metric. When a metric rejects the batch (wrong targets, shape), metrics before it
   * have counted it already: reset or restore the collection before going on.
   */
  public void update(Batch batch) {
    for (Metric metric : metrics) {
      metric.update(batch);
    }
  }

  /** Whether some metric reads the model's prediction ({@link Metric#needsPrediction()}). */
  public boolean needsPrediction() {
    for (Metric metric : metrics) {
      if (metric.needsPrediction()) {
        return true;
      }
    }
    return false;
  }

  /** Every metric's value under its reported name, in the order the metrics were given. */
  public Map<String, Double> results() {
    Map<String, Double> results = new LinkedHashMap<>();
    for (Metric metric : metrics) {
      results.put(MetricNames.reported(stage, metric.name()), metric.result());
    }
    return results;
  }

  /**
   * The accumulated sums of every metric, keyed {@code <reported name>.<sum>} ({@code val_accuracy.correct}),
   * so the states of several stages can share one map in a checkpoint.
   */
  public Map<String, Double> state() {
    Map<String, Double> state = new LinkedHashMap<>();
    for (Metric metric : metrics) {
      String prefix = MetricNames.reported(stage, metric.name()) + ".";
      metric.state().forEach((key, value) -> state.put(prefix + key, value));
    }
    return state;
  }

  /**
   * Continues from a saved {@link #state()}. Entries of other stages are ignored; this stage's entries must be
   * exactly the ones this collection keeps.
   */
  public void restore(Map<String, Double> saved) {
    Map<String, Map<String, Double>> byMetric = new LinkedHashMap<>();
    for (Metric metric : metrics) {
      byMetric.put(MetricNames.reported(stage, metric.name()) + ".", new LinkedHashMap<>());
    }
    Map<String, Double> unknown = new TreeMap<>();
    for (Map.Entry<String, Double> entry : saved.entrySet()) {
      if (!entry.getKey().startsWith(stage.prefix())) {
        continue;
      }
      Map<String, Double> target = null;
      for (Map.Entry<String, Map<String, Double>> metric : byMetric.entrySet()) {
        if (entry.getKey().startsWith(metric.getKey())) {
          target = metric.getValue();
          target.put(entry.getKey().substring(metric.getKey().length()), entry.getValue());
          break;
        }
      }
      if (target == null) {
        unknown.put(entry.getKey(), entry.getValue());
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("Saved " + stage + " metric state has entries for metrics this collection "
          + "does not have: " + unknown.keySet() + " (it reports " + names() + ")");
    }
    // Check every metric's part before changing any, so a mismatch leaves the collection as it was.
    int i = 0;
    for (Map<String, Double> part : byMetric.values()) {
      metrics.get(i++).fresh().restore(part);
    }
    i = 0;
    for (Map<String, Double> part : byMetric.values()) {
      metrics.get(i++).restore(part);
    }
  }
}
