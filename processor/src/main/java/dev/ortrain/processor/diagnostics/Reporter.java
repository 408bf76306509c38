package dev.ortrain.processor.diagnostics;

import javax.annotation.processing.Messager;
import javax.tools.Diagnostic;

/**
 * Prints diagnostics from the {@link Message} catalogue and counts the errors, so that the processor keeps
 * going to report every mistake of an experiment and then skips generating only that experiment.
 */
public final class Reporter {
  private final Messager messager;
  private int errors;

  public Reporter(Messager messager) {
    this.messager = messager;
  }

  public void report(Message message, Location at, Object... args) {
    String text = message.format(args);
    if (message.kind() == Diagnostic.Kind.ERROR) {
      errors++;
    }
    if (at.value() != null) {
      messager.printMessage(message.kind(), text, at.element(), at.annotation(), at.value());
    } else if (at.annotation() != null) {
      messager.printMessage(message.kind(), text, at.element(), at.annotation());
    } else {
      messager.printMessage(message.kind(), text, at.element());
    }
  }

  public boolean hasErrors() {
    return errors > 0;
  }
}
