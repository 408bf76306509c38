package dev.ortrain.schedule;

import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a {@link Scheduler} needs to continue exactly where it stopped, as text: {@link #encode()} gives
 * one {@code key=value} line per entry, {@link #decode} reads it back. Doubles are written with
 * {@link Double#toString}, which {@link Double#parseDouble} reads back to the same bits.
 */
public record SchedulerState(Map<String, String> values) {
  public SchedulerState {
    values = Map.copyOf(values);
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getKey().isEmpty() || e.getKey().contains("=") || e.getKey().contains("\n")
          || e.getValue().contains("\n")) {
        throw new IllegalArgumentException("Scheduler state entry cannot be encoded: " + e);
      }
    }
  }

  public String encode() {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(values).forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
    return out.toString();
  }

  public static SchedulerState decode(String text) {
    Map<String, String> values = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("Not a scheduler state line (key=value): '" + line + "'");
      }
      values.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return new SchedulerState(values);
  }

  /** A double as text that {@link Double#parseDouble} reads back to the same bits. */
  static String exact(double value) {
    return Double.toString(value);
  }

  String require(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("Scheduler state lacks '" + key + "'; it has "
          + new TreeMap<>(values).keySet());
    }
    return value;
  }

  long requireLong(String key) {
    try {
      return Long.parseLong(require(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Scheduler state '" + key + "' is not an integer: " + values.get(key), e);
    }
  }

  double requireDouble(String key) {
    try {
      return Double.parseDouble(require(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Scheduler state '" + key + "' is not a number: " + values.get(key), e);
    }
  }

  /** Throws when the state was saved by a differently configured scheduler. */
  void requireMatching(String key, String expected) {
    String actual = require(key);
    if (!actual.equals(expected)) {
      throw new IllegalArgumentException("Scheduler state was saved with " + key + " '" + actual
          + "' but this scheduler has '" + expected + "'");
    }
  }
}
