package dev.ortrain.rules;

import java.util.Optional;

/**
 * The allowed values of one numeric configuration field. Defined once and enforced twice: by the annotation
 * processor on annotation values at compile time, and by the runtime's configuration objects (for values
 * overridden at run time), with the same message.
 *
 * @param field the name users see ({@code epochs}, {@code learningRate}, ...)
 * @param min lower bound
 * @param minInclusive whether {@code min} itself is allowed
 * @param max upper bound
 * @param maxInclusive whether {@code max} itself is allowed
 * @param hint what the field means, appended to error messages (may be empty)
 */
public record Range(String field, double min, boolean minInclusive, double max, boolean maxInclusive, String hint) {

  /** {@code [min, +inf)}. */
  public static Range atLeast(String field, double min, String hint) {
    return new Range(field, min, true, Double.POSITIVE_INFINITY, false, hint);
  }

  /** {@code (min, +inf)}. */
  public static Range above(String field, double min, String hint) {
    return new Range(field, min, false, Double.POSITIVE_INFINITY, false, hint);
  }

  /** {@code [min, max]}. */
  public static Range closed(String field, double min, double max, String hint) {
    return new Range(field, min, true, max, true, hint);
  }

  /** {@code [min, max)}. */
  public static Range closedOpen(String field, double min, double max, String hint) {
    return new Range(field, min, true, max, false, hint);
  }

  /** {@code (min, max]}. */
  public static Range openClosed(String field, double min, double max, String hint) {
    return new Range(field, min, false, max, true, hint);
  }

  /** The same range with an exclusive upper bound. */
  public Range withMaxOpen(double newMax) {
    return new Range(field, min, minInclusive, newMax, false, hint);
  }

  public boolean contains(double value) {
    if (Double.isNaN(value)) {
      return false;
    }
    boolean aboveMin = minInclusive ? value >= min : value > min;
    boolean belowMax = maxInclusive ? value <= max : value < max;
    return aboveMin && belowMax;
  }

  /** The error message for a value outside the range, or empty when it is allowed. */
  public Optional<String> check(double value) {
    if (contains(value)) {
      return Optional.empty();
    }
    return Optional.of(field + " = " + format(value) + " is out of range; allowed: " + describe()
        + (hint.isEmpty() ? "" : " (" + hint + ")"));
  }

  /** Returns the value, or throws {@link IllegalArgumentException} with {@link #check}'s message. */
  public double require(double value) {
    Optional<String> problem = check(value);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
    return value;
  }

  /** Integer convenience for {@link #require(double)}. */
  public int requireInt(int value) {
    require(value);
    return value;
  }

  /** The allowed values in words: "{@code >= 1}", "{@code (0, 1]}", ... */
  public String describe() {
    boolean unboundedAbove = Double.isInfinite(max);
    if (unboundedAbove) {
      return (minInclusive ? ">= " : "> ") + format(min);
    }
    return (minInclusive ? "[" : "(") + format(min) + ", " + format(max) + (maxInclusive ? "]" : ")");
  }

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
