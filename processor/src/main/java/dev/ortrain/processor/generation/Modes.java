package dev.ortrain.processor.generation;

import dev.ortrain.rules.MetricNaming;

/** Monitor modes as the generated code spells them: AUTO is decided here, from the metric's name. */
final class Modes {
  private Modes() {}

  /** {@code MIN} or {@code MAX}. */
  static String resolve(String mode, String metric) {
    if (!mode.equals("AUTO")) {
      return mode;
    }
    return MetricNaming.lowerIsBetter(metric) ? "MIN" : "MAX";
  }
}
