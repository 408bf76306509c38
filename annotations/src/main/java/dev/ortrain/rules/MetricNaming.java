package dev.ortrain.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How reported metric names are formed: a split's prefix ({@code train_}, {@code val_}, {@code test_}) followed
 * by the metric's name. Pure functions of their arguments, so the annotation processor predicts at compile
 * time exactly the names the runtime's metric collections report.
 */
public final class MetricNaming {
  public static final String LOSS = "loss";
  public static final String ACCURACY = "accuracy";
  public static final String TRAIN_PREFIX = "train_";
  public static final String VALIDATION_PREFIX = "val_";
  public static final String TEST_PREFIX = "test_";

  /** Lowercase so that names are predictable; no prefix-like clashes because prefixes end in '_'. */
  private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]*");

  private MetricNaming() {}

  /** {@code top5_accuracy} for k = 5. */
  public static String topK(int k) {
    return "top" + k + "_" + ACCURACY;
  }

  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /** The rule an invalid name breaks, or empty for a valid one. */
  public static Optional<String> checkValid(String name) {
    if (isValid(name)) {
      return Optional.empty();
    }
    return Optional.of("Metric name '" + name + "' is invalid: use lowercase letters, digits and '_', starting with"
        + " a letter (it becomes part of names like val_" + name + ")");
  }

  /** Returns {@code name} if it is a valid metric name, otherwise throws with {@link #checkValid}'s message. */
  public static String requireValid(String name) {
    checkValid(name).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
    return name;
  }

  /**
   * Whether a monitored metric improves by going down: losses and errors ({@code val_loss}, {@code val_mse},
   * {@code val_mae}); everything else (accuracies) improves by going up. The same guess as the runtime's
   * {@code Monitor.of}, for monitors whose mode is left to the name.
   */
  public static boolean lowerIsBetter(String reportedName) {
    return reportedName.contains("loss") || reportedName.contains("error") || reportedName.endsWith("mae")
        || reportedName.endsWith("mse");
  }

  /** {@code val_accuracy} for prefix {@code val_} and metric {@code accuracy}. */
  public static String reported(String prefix, String metricName) {
    return prefix + requireValid(metricName);
  }

  /** The message for a name given twice in one collection, or empty when {@code names} has no repeats. */
  public static Optional<String> checkUnique(String prefix, List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        return Optional.of(duplicate(prefix, name));
      }
    }
    return Optional.empty();
  }

  /** The reported names of {@code metricNames} under {@code prefix}, in order; throws on invalid or repeated names. */
  public static List<String> reported(String prefix, List<String> metricNames) {
    Set<String> seen = new HashSet<>();
    List<String> names = new ArrayList<>();
    for (String name : metricNames) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException(duplicate(prefix, name));
      }
      names.add(reported(prefix, name));
    }
    return names;
  }

  /**
   * Checks that the metrics a provider returned at run time carry the names declared for it at compile time
   * (which the compile-time checks of monitored metrics relied on).
   *
   * @param provider the provider, for the message, e.g. {@code MnistMlp.metrics()}
   */
  public static void requireDeclared(String provider, List<String> declared, List<String> actual) {
    if (!declared.equals(actual)) {
      throw new IllegalStateException(provider + " returned metrics named " + actual + " but its @Metrics declares "
          + declared + "; make the declaration list the same names in the same order");
    }
  }

  private static String duplicate(String prefix, String name) {
    return "Metric name '" + name + "' appears twice; " + prefix + name + " would be ambiguous";
  }
}
