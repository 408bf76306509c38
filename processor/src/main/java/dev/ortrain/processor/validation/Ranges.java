package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.DeclaredSettings;
import dev.ortrain.rules.Range;
import dev.ortrain.settings.Setting;

/** Checks a setting against a {@link Range} of {@code ConfigRules}, reporting the range's own message. */
final class Ranges {
  private Ranges() {}

  /** Reports and returns false when the setting's value is out of its own rule. */
  static boolean check(DeclaredSettings settings, Setting setting, Reporter reporter) {
    Range rule = setting.rule().orElseThrow(() -> new IllegalArgumentException(setting.key() + " has no rule"));
    return check(settings, setting, ((Number) settings.value(setting)).doubleValue(), rule, reporter);
  }

  /** Reports and returns false when {@code value}, part of the setting's value, is out of {@code range}. */
  static boolean check(DeclaredSettings settings, Setting setting, double value, Range range, Reporter reporter) {
    return range.check(value).map(problem -> {
      // The runtime reports the same text for the same rule; name the attribute when it is called otherwise.
      String text = setting.attribute().equals(range.field()) ? problem : setting.attribute() + ": " + problem;
      reporter.report(Message.OUT_OF_RANGE, settings.at(setting), text);
      return false;
    }).orElse(true);
  }
}
