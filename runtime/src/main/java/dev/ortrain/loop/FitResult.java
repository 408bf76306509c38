package dev.ortrain.loop;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * How a {@link Trainer#fit()} ended (serializable, so that a worker of a cluster can send it back).
 *
 * @param epochsCompleted epochs run to their end
 * @param globalSteps optimizer steps taken in total (resumed runs count from the start of the run)
 * @param stopReason why training ended before its last epoch, or "completed"
 * @param finalMetrics the latest value of every metric
 * @param history one map per finished epoch
 * @param skippedSteps steps skipped for a non-finite loss or gradient
 */
public record FitResult(int epochsCompleted, long globalSteps, String stopReason, Map<String, Double> finalMetrics,
    List<Map<String, Double>> history, long skippedSteps) implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String COMPLETED = "completed";

  public FitResult {
    finalMetrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(finalMetrics)); // keeps order
    // each epoch in a serializable map that keeps its order, so that a result can travel (from a Spark task)
    history = history.stream()
        .map(epoch -> java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(epoch))).toList();
  }
}
