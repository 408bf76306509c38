package dev.ortrain.settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A setting's value as text: read from a command line or a file, and written back the same way. */
final class SettingText {
  private SettingText() {}

  static Object parse(Setting setting, String text) {
    return switch (setting.kind()) {
      case INT -> (int) wholeNumber(setting, text, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case LONG -> wholeNumber(setting, text, Long.MIN_VALUE, Long.MAX_VALUE);
      case NUMBER -> number(setting, text);
      case FLAG -> flag(setting, text);
      case TEXT -> text;
      case CHOICE -> choice(setting, text);
      case WHOLE_NUMBERS -> wholeNumbers(setting, text);
    };
  }

  private static long wholeNumber(Setting setting, String text, long min, long max) {
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(setting.key() + " = " + text + " is not a whole number");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(setting.key() + " = " + text + " does not fit in an int");
    }
    return value;
  }

  /** Numbers train as float32: one that would round to 0 or overflow there is refused with the reason. */
  private static double number(Setting setting, String text) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(setting.key() + " = " + text + " is not a number");
    }
    float single = (float) value;
    if (value != 0 && single == 0) {
      throw new IllegalArgumentException(setting.key() + " = " + text + " rounds to 0 in float32, in which ortrain"
          + " trains (the smallest positive float32 is " + Float.MIN_VALUE + "); give a larger value");
    }
    if (Float.isInfinite(single) && !Double.isInfinite(value)) {
      throw new IllegalArgumentException(setting.key() + " = " + text + " exceeds float32, in which ortrain trains"
          + " (the largest float32 is " + Float.MAX_VALUE + "); give a smaller value");
    }
    return value;
  }

  private static boolean flag(Setting setting, String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(setting.key() + " = " + text + " is not true or false");
    };
  }

  private static Enum<?> choice(Setting setting, String text) {
    List<String> names = Arrays.stream(setting.choices().getEnumConstants()).map(Enum::name).toList();
    for (Enum<?> constant : setting.choices().getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(setting.key() + " = " + text + " is not one of " + String.join(", ", names)
        + Settings.closest(text, names).map(k -> "; did you mean " + k + "?").orElse(""));
  }

  private static List<Long> wholeNumbers(Setting setting, String text) {
    List<Long> numbers = new ArrayList<>();
    String inner = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    for (String part : inner.split(",")) {
      if (!part.isBlank()) {
        numbers.add(wholeNumber(setting, part.trim(), Long.MIN_VALUE, Long.MAX_VALUE));
      }
    }
    return numbers;
  }

  /** As {@link #parse} reads it back. */
  static String format(Object value) {
    if (value instanceof List<?> list) {
      return String.join(",", list.stream().map(String::valueOf).toList());
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    return String.valueOf(value);
  }
}
