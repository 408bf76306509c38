package dev.ortrain.metrics;

import dev.ortrain.rules.MetricNaming;
import java.util.List;

/**
 * How metrics are named, so that monitored names ({@code val_loss}, {@code val_accuracy}) can be predicted
 * without running anything: a reported name is the stage's prefix followed by the metric's name. The rules
 * live in {@link MetricNaming}, which the annotation processor uses for its compile-time checks.
 */
public final class MetricNames {
  public static final String LOSS = MetricNaming.LOSS;
  public static final String ACCURACY = MetricNaming.ACCURACY;
  public static final String MEAN_SQUARED_ERROR = "mse";
  public static final String MEAN_ABSOLUTE_ERROR = "mae";

  private MetricNames() {}

  /** {@code top5_accuracy} for k = 5. */
  public static String topK(int k) {
    return MetricNaming.topK(k);
  }

  /** {@code val_accuracy} for the validation stage's {@code accuracy}. */
  public static String reported(Stage stage, String metricName) {
    return MetricNaming.reported(stage.prefix(), metricName);
  }

  /**
   * The names a collection of the given metrics reports for {@code stage}, in order; fails like
   * {@link MetricCollection} would on an invalid or repeated name.
   */
  public static List<String> reported(Stage stage, List<String> metricNames) {
    return MetricNaming.reported(stage.prefix(), metricNames);
  }

  /** Returns {@code name} if it is a valid metric name, otherwise throws with the rule. */
  public static String requireValid(String name) {
    return MetricNaming.requireValid(name);
  }
}
