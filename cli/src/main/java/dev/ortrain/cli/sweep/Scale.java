package dev.ortrain.cli.sweep;

import java.util.List;

/** How a swept setting's values lie on a plot's axis. */
public enum Scale {
  LINEAR,
  /** Values spread over decades, such as learning rates. */
  LOG,
  /** Values that are names or flags, one tick each in the order given. */
  CATEGORY;

  /** A spread of at least this ratio between the largest and smallest value reads better on a log axis. */
  private static final double DECADES_FOR_LOG = 100;

  /** Numbers are linear unless positive and two or more decades apart; anything else is a category. */
  static Scale of(List<String> values) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (String value : values) {
      try {
        double number = Double.parseDouble(value);
        min = Math.min(min, number);
        max = Math.max(max, number);
      } catch (NumberFormatException e) {
        return CATEGORY;
      }
    }
    return min > 0 && max / min >= DECADES_FOR_LOG ? LOG : LINEAR;
  }
}
