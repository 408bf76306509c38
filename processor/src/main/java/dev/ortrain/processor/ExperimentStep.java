package dev.ortrain.processor;

import dev.ortrain.processor.diagnostics.Reporter;
import javax.lang.model.element.TypeElement;

/** What the processor does with one {@code @Trainer} class: read, validate, generate. */
@FunctionalInterface
interface ExperimentStep {
  void process(TypeElement experiment, Reporter reporter);
}
