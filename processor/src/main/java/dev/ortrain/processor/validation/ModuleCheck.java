package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.Declared;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.RuntimeTypes;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/** Extra modules are Dagger modules (Dagger's own message would point at the generated module instead). */
final class ModuleCheck implements Check {

  @Override
  public void check(Experiment experiment, Reporter reporter) {
    for (Declared<TypeMirror> module : experiment.trainer().modules()) {
      if (!(module.value() instanceof DeclaredType declared) || !isModule(declared.asElement())) {
        reporter.report(Message.NOT_A_MODULE, module.location(), module.value());
      }
    }
  }

  private static boolean isModule(Element element) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName()
          .contentEquals(RuntimeTypes.DAGGER_MODULE)) {
        return true;
      }
    }
    return false;
  }
}
