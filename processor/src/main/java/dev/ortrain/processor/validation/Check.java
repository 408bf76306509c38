package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.Experiment;

/** One group of rules. A check reports every problem it finds and never stops at the first. */
interface Check {
  void check(Experiment experiment, Reporter reporter);
}
