package dev.ortrain.settings;

import dev.ortrain.annotations.OptimizerType;
import dev.ortrain.rules.ConfigRules;
import dev.ortrain.rules.Suggestions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The values of every {@link Setting} of one experiment: the annotations' values, then whatever a run changes.
 * Immutable; each change is checked by the setting's rule with the message the processor reports at compile
 * time, so a value given on a command line or in a file reads as the annotation's would.
 */
public final class Settings {
  private final EnumMap<Setting, Object> values;

  private Settings(EnumMap<Setting, Object> values) {
    this.values = values;
  }

  /** Every setting at its annotation default. */
  public static Settings defaults() {
    EnumMap<Setting, Object> values = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      values.put(setting, setting.defaultValue());
    }
    return new Settings(values);
  }

  /**
   * These settings with one value changed; the value's type is the setting's kind ({@code Integer} for
   * {@link Setting.ValueKind#INT}, {@code Long}, {@code Double}, {@code Boolean}, {@code String}, the enum, a
   * {@code List<Long>}).
   *
   * @throws IllegalArgumentException when the value breaks the setting's rule
   */
  public Settings with(Setting setting, Object value) {
    Objects.requireNonNull(value, setting.key());
    requireKind(setting, value);
    checkRule(setting, value);
    EnumMap<Setting, Object> changed = new EnumMap<>(values);
    changed.put(setting, setting.kind() == Setting.ValueKind.WHOLE_NUMBERS ? List.copyOf((List<?>) value) : value);
    return new Settings(changed);
  }

  /** These settings with one value read from text, as a command line or a configuration file gives it. */
  public Settings withText(Setting setting, String text) {
    return with(setting, SettingText.parse(setting, text.trim()));
  }

  /** These settings with every value of {@code changes} applied in order. */
  public Settings withAll(Map<Setting, ?> changes) {
    Settings result = this;
    for (Map.Entry<Setting, ?> change : changes.entrySet()) {
      result = result.with(change.getKey(), change.getValue());
    }
    return result;
  }

  private static void requireKind(Setting setting, Object value) {
    boolean fits = switch (setting.kind()) {
      case INT -> value instanceof Integer;
      case LONG -> value instanceof Long;
      case NUMBER -> value instanceof Double;
      case FLAG -> value instanceof Boolean;
      case TEXT -> value instanceof String;
      case CHOICE -> setting.choices().isInstance(value);
      case WHOLE_NUMBERS -> value instanceof List<?> list && list.stream().allMatch(Long.class::isInstance);
    };
    if (!fits) {
      throw new IllegalArgumentException(setting.key() + " takes a value of kind " + setting.kind() + ", not "
          + value.getClass().getSimpleName() + " " + value);
    }
  }

  private static void checkRule(Setting setting, Object value) {
    if (setting.unset().filter(value::equals).isPresent()) {
      return;
    }
    if (setting.kind() == Setting.ValueKind.WHOLE_NUMBERS) {
      checkMilestones(setting, value);
      return;
    }
    setting.rule().flatMap(rule -> rule.check(((Number) value).doubleValue())).ifPresent(message -> {
      throw new IllegalArgumentException(message.replaceFirst("^\\w+ =", setting.key() + " ="));
    });
  }

  private static void checkMilestones(Setting setting, Object value) {
    long previous = 0;
    for (Object element : (List<?>) value) {
      long milestone = (Long) element;
      ConfigRules.MILESTONE.check(milestone).ifPresent(message -> {
        throw new IllegalArgumentException(setting.key() + ": " + message);
      });
      if (milestone <= previous) {
        throw new IllegalArgumentException(setting.key() + " = " + value + " must increase strictly ("
            + milestone + " follows " + previous + ")");
      }
      previous = milestone;
    }
  }

  public Object value(Setting setting) {
    return values.get(setting);
  }

  public int integer(Setting setting) {
    return (Integer) typed(setting, Setting.ValueKind.INT);
  }

  public long whole(Setting setting) {
    return (Long) typed(setting, Setting.ValueKind.LONG);
  }

  public double number(Setting setting) {
    return (Double) typed(setting, Setting.ValueKind.NUMBER);
  }

  public boolean flag(Setting setting) {
    return (Boolean) typed(setting, Setting.ValueKind.FLAG);
  }

  public String text(Setting setting) {
    return (String) typed(setting, Setting.ValueKind.TEXT);
  }

  public <E extends Enum<E>> E choice(Setting setting, Class<E> type) {
    return type.cast(typed(setting, Setting.ValueKind.CHOICE));
  }

  @SuppressWarnings("unchecked")
  public List<Long> wholeNumbers(Setting setting) {
    return (List<Long>) typed(setting, Setting.ValueKind.WHOLE_NUMBERS);
  }

  private Object typed(Setting setting, Setting.ValueKind kind) {
    if (setting.kind() != kind) {
      throw new IllegalArgumentException(setting.key() + " is a " + setting.kind() + " setting, not " + kind);
    }
    return values.get(setting);
  }

  /** The decoupled weight decay, with {@code -1} resolved: PyTorch's defaults, 0.01 for AdamW and 0 for SGD. */
  public double weightDecay() {
    double declared = number(Setting.WEIGHT_DECAY);
    if (declared != -1) {
      return declared;
    }
    return choice(Setting.OPTIMIZER, OptimizerType.class) == OptimizerType.ADAMW ? 0.01 : 0;
  }

  /** The settings whose values differ from the annotation defaults, in declaration order. */
  public Map<Setting, Object> changedFromDefaults() {
    Map<Setting, Object> changed = new LinkedHashMap<>();
    values.forEach((setting, value) -> {
      if (!value.equals(setting.defaultValue())) {
        changed.put(setting, value);
      }
    });
    return Collections.unmodifiableMap(changed);
  }

  /** Every value by {@link Setting#key()}, enums by name, in declaration order (for a run's record). */
  public Map<String, Object> byKey() {
    Map<String, Object> keyed = new LinkedHashMap<>();
    values.forEach((setting, value) -> keyed.put(setting.key(), value instanceof Enum<?> e ? e.name() : value));
    return Collections.unmodifiableMap(keyed);
  }

  /** The settings that differ between these and {@code other}, each as {@code key: this -> other}. */
  public List<String> differences(Settings other) {
    List<String> lines = new ArrayList<>();
    values.forEach((setting, value) -> {
      Object theirs = other.values.get(setting);
      if (!value.equals(theirs)) {
        lines.add(setting.key() + ": " + SettingText.format(value) + " -> " + SettingText.format(theirs));
      }
    });
    return lines;
  }

  /** The setting a user means by {@code key}, or an error with the closest key and every key. */
  public static Setting settingFor(String key) {
    return Setting.byKey(key).orElseThrow(() -> new IllegalArgumentException("unknown setting '" + key + "'"
        + didYouMean(key, Setting.keys()) + " Known settings: " + String.join(", ", Setting.keys())));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Settings other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "Settings" + changedFromDefaults().entrySet().stream()
        .map(e -> e.getKey().key() + "=" + SettingText.format(e.getValue())).toList();
  }

  /** {@code "; did you mean 'x'?"} with the closest of {@code known} ignoring case, or a full stop. */
  static String didYouMean(String typed, List<String> known) {
    return closest(typed, known).map(k -> "; did you mean '" + k + "'?").orElse(".");
  }

  static Optional<String> closest(String typed, List<String> known) {
    Map<String, String> byLowerCase = new LinkedHashMap<>();
    known.forEach(k -> byLowerCase.putIfAbsent(k.toLowerCase(Locale.ROOT), k));
    return Suggestions.closest(typed.toLowerCase(Locale.ROOT), byLowerCase.keySet()).map(byLowerCase::get);
  }
}
