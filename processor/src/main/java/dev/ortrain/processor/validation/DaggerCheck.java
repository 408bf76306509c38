package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.RuntimeTypes;
import javax.lang.model.util.Elements;

/**
 * The generated component and module are Dagger's types, so Dagger must be on the class path; without it javac
 * would report {@code package dagger does not exist} in generated code, which does not say what to add.
 */
final class DaggerCheck implements Check {
  private final Elements elements;

  DaggerCheck(Elements elements) {
    this.elements = elements;
  }

  @Override
  public void check(Experiment experiment, Reporter reporter) {
    if (elements.getTypeElement(RuntimeTypes.DAGGER_COMPONENT) == null) {
      reporter.report(Message.DAGGER_MISSING, experiment.trainer().location(), experiment.simpleName());
    }
  }
}
