package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Location;
import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.Experiment;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;

/** The experiment class must be one the generated module can create and the generated trainer can name. */
final class ClassCheck implements Check {

  @Override
  public void check(Experiment experiment, Reporter reporter) {
    TypeElement type = experiment.type();
    Location at = experiment.trainer().location();
    String name = experiment.simpleName();
    if (type.getKind() != ElementKind.CLASS) {
      reporter.report(Message.EXPERIMENT_SHAPE, at, name, "is " + kind(type) + "; make it a class");
      return;
    }
    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      reporter.report(Message.EXPERIMENT_SHAPE, at, name, "is abstract; the generated module creates it, remove"
          + " `abstract`");
    }
    if (!type.getTypeParameters().isEmpty()) {
      reporter.report(Message.EXPERIMENT_SHAPE, at, name, "has type parameters <" + type.getTypeParameters().stream()
          .map(Object::toString).collect(Collectors.joining(", ")) + ">; the generated trainer needs one concrete type,"
          + " remove them");
    }
    if (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
      reporter.report(Message.EXPERIMENT_SHAPE, at, name, "is an inner class of "
          + type.getEnclosingElement().getSimpleName() + "; make it static so that it can be created on its own");
    }
    if (type.getModifiers().contains(Modifier.PRIVATE)) {
      reporter.report(Message.EXPERIMENT_SHAPE, at, name, "is private; the generated classes next to it must see"
          + " it, make it package-private or public");
    }
    checkConstructors(experiment, reporter);
  }

  private static void checkConstructors(Experiment experiment, Reporter reporter) {
    List<ExecutableElement> inject = experiment.injectConstructors();
    for (ExecutableElement extra : inject.subList(Math.min(1, inject.size()), inject.size())) {
      reporter.report(Message.NOT_CONSTRUCTIBLE, Location.of(extra), experiment.simpleName(),
          "has more than one @Inject constructor; Dagger needs exactly one, keep one");
    }
    if (inject.size() == 1 && inject.get(0).getModifiers().contains(Modifier.PRIVATE)) {
      reporter.report(Message.NOT_CONSTRUCTIBLE, Location.of(inject.get(0)), experiment.simpleName(),
          "has a private @Inject constructor; the generated module calls it, make it package-private or wider");
    }
    if (inject.isEmpty() && experiment.noArgConstructor().isEmpty()) {
      reporter.report(Message.NOT_CONSTRUCTIBLE, experiment.trainer().location(), experiment.simpleName(),
          "cannot be created: give it an @Inject constructor (its parameters come from Dagger modules) or a"
              + " non-private constructor without parameters");
    }
  }

  private static String kind(TypeElement type) {
    return switch (type.getKind()) {
      case INTERFACE -> "an interface";
      case ENUM -> "an enum";
      case RECORD -> "a record";
      default -> "an annotation type";
    };
  }
}
