package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.AnnotationModel;
import dev.ortrain.rules.Range;

/** Checks an attribute against a {@link Range} of {@code ConfigRules}, reporting the range's own message. */
final class Ranges {
  private Ranges() {}

  /** Reports and returns false when {@code attribute}'s value is out of {@code range}. */
  static boolean check(AnnotationModel annotation, String attribute, Range range, Reporter reporter) {
    return check(annotation, attribute, annotation.doubleValue(attribute), range, reporter);
  }

  static boolean check(AnnotationModel annotation, String attribute, double value, Range range, Reporter reporter) {
    return range.check(value).map(problem -> {
      // The runtime reports the same text for the same rule; name the attribute when it is called otherwise.
      String text = attribute.equals(range.field()) ? problem : attribute + ": " + problem;
      reporter.report(Message.OUT_OF_RANGE, annotation.at(attribute), text);
      return false;
    }).orElse(true);
  }
}
