package dev.ortrain.cli.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The comma-separated values of a grid axis or a choice: none empty, none twice. */
final class ValueList {
  private ValueList() {}

  /** @param where how the option began, for the message, e.g. {@code --grid learningRate=} */
  static List<String> parse(String where, String text) {
    List<String> values = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String part : text.split(",", -1)) {
      String value = part.trim();
      if (value.isEmpty()) {
        throw new SweepInputException(where + text + " has an empty value; give values separated by commas, e.g. "
            + where + "A,B");
      }
      if (!seen.add(value)) {
        throw new SweepInputException(where + text + " gives " + value + " twice; give each value once");
      }
      values.add(value);
    }
    return values;
  }
}
