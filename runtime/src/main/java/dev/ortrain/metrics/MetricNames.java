package dev.ortrain.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How metrics are named, so that monitored names ({@code val_loss}, {@code val_accuracy}) can be predicted
 * without running anything: a reported name is the split's prefix followed by the metric's name. Pure
 * functions of their arguments, for the annotation processor's compile-time check as well.
 */
public final class MetricNames {
  public static final String LOSS = "loss";
  public static final String ACCURACY = "accuracy";
  public static final String MEAN_SQUARED_ERROR = "mse";
  public static final String MEAN_ABSOLUTE_ERROR = "mae";

  /** Lowercase so that names are predictable; no prefix-like clashes because prefixes end in '_'. */
  private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]*");

  private MetricNames() {}

  /** {@code top5_accuracy} for k = 5. */
  public static String topK(int k) {
    return "top" + k + "_" + ACCURACY;
  }

  /** {@code val_accuracy} for the validation split's {@code accuracy}. */
  public static String reported(Split split, String metricName) {
    return split.prefix() + requireValid(metricName);
  }

  /**
   * The names a collection of the given metrics reports for {@code split}, in order; fails like
   * {@link MetricCollection} would on an invalid or repeated name.
   */
  public static List<String> reported(Split split, List<String> metricNames) {
    Set<String> seen = new HashSet<>();
    List<String> names = new ArrayList<>();
    for (String name : metricNames) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException("Metric name '" + name + "' appears twice; " + split.prefix() + name
            + " would be ambiguous");
      }
      names.add(reported(split, name));
    }
    return names;
  }

  /** Returns {@code name} if it is a valid metric name, otherwise throws with the rule. */
  public static String requireValid(String name) {
    if (name == null || !VALID.matcher(name).matches()) {
      throw new IllegalArgumentException("Metric name '" + name + "' is invalid: use lowercase letters, digits and "
          + "'_', starting with a letter (it becomes part of names like val_" + name + ")");
    }
    return name;
  }
}
