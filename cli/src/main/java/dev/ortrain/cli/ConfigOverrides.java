package dev.ortrain.cli;

import dev.ortrain.settings.Setting;
import dev.ortrain.settings.Settings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --set key=value} overrides of an experiment's settings: any {@code @Trainer} attribute by its
 * name, any {@code @Schedule} attribute as {@code schedule.<name>}. Each value is read and checked as
 * {@link Settings} reads it, with the processor's rules, so a bad value reads exactly as the compile-time
 * error would.
 */
final class ConfigOverrides {
  private final Map<Setting, String> values;

  private ConfigOverrides(Map<Setting, String> values) {
    this.values = values;
  }

  static List<String> keys() {
    return Setting.keys();
  }

  /** Parses and checks {@code key=value} pairs; the last value of a repeated key wins. */
  static ConfigOverrides parse(List<String> assignments) {
    Map<Setting, String> values = new LinkedHashMap<>();
    for (String assignment : assignments) {
      int equals = assignment.indexOf('=');
      if (equals < 0) {
        throw new CliException("--set expects key=value, got '" + assignment + "'");
      }
      Setting setting = checked(() -> Settings.settingFor(assignment.substring(0, equals).trim()));
      String value = assignment.substring(equals + 1).trim();
      checked(() -> Settings.defaults().withText(setting, value));
      values.put(setting, value);
    }
    return new ConfigOverrides(values);
  }

  /** Runs {@code check}, turning a broken rule into a usage error with the rule's message. */
  static <T> T checked(java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
  }

  /** The settings with the overrides applied. */
  Settings applyTo(Settings settings) {
    Settings result = settings;
    for (Map.Entry<Setting, String> value : values.entrySet()) {
      result = result.withText(value.getKey(), value.getValue());
    }
    return result;
  }

  /** The overrides as given, by key, for the run folder's {@code config.json}. */
  Map<String, String> values() {
    Map<String, String> byKey = new LinkedHashMap<>();
    values.forEach((setting, value) -> byKey.put(setting.key(), value));
    return Collections.unmodifiableMap(byKey);
  }

  /** As {@code key=value} arguments, to apply them again (resume, evaluate). */
  List<String> asArguments() {
    List<String> arguments = new ArrayList<>();
    values().forEach((k, v) -> arguments.add(k + "=" + v));
    return arguments;
  }

  boolean isEmpty() {
    return values.isEmpty();
  }
}
