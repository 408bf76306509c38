package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Location;
import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.Hook;
import dev.ortrain.processor.model.HookArgument;
import dev.ortrain.processor.model.HookParameter;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;

/** Hook methods are called directly by the generated callback, with values the loop has at that event. */
final class HookCheck implements Check {

  @Override
  public void check(Experiment experiment, Reporter reporter) {
    for (Hook hook : experiment.hooks()) {
      String annotation = hook.event().simpleName();
      String method = hook.name() + "()";
      // The method, whose modifiers and return type are wrong (javac locates no single modifier).
      Location at = Location.of(hook.method());
      if (hook.method().getModifiers().contains(Modifier.PRIVATE)) {
        reporter.report(Message.HOOK_PRIVATE, at, annotation, method);
      }
      if (hook.method().getModifiers().contains(Modifier.STATIC)) {
        reporter.report(Message.HOOK_STATIC, at, annotation, method);
      }
      if (hook.method().getReturnType().getKind() != TypeKind.VOID) {
        reporter.report(Message.HOOK_RETURN_TYPE, at, annotation, method, hook.method().getReturnType());
      }
      for (HookParameter parameter : hook.parameters()) {
        if (parameter.argument() == HookArgument.UNSUPPORTED || !hook.event().supplies(parameter.argument())) {
          String supplied = hook.event().supplied().stream().map(HookArgument::description)
              .collect(Collectors.joining(", "));
          reporter.report(Message.HOOK_PARAMETER, Location.of(parameter.element()), annotation,
              parameter.element().asType(), parameter.element().getSimpleName(), supplied);
        }
      }
    }
  }
}
