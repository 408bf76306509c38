package dev.ortrain.cli.sweep;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One point of the search: a value for each swept setting.
 *
 * @param number counted from 1 in the order the sweep expands them
 * @param values each swept setting's value, in the order the settings were given
 */
public record Configuration(int number, Map<String, String> values) implements Serializable {
  private static final long serialVersionUID = 1L;

  public Configuration {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The folder and row name, e.g. {@code config-003}. */
  public String name() {
    return String.format("config-%03d", number);
  }

  /** As {@code key=value} settings. */
  public String describe() {
    return String.join(" ", values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }
}
