package dev.ortrain.processor.validation;

import dev.ortrain.annotations.Trainer;
import dev.ortrain.processor.diagnostics.Location;
import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Each generated trainer creates the component implementation that Dagger's processor generates from the
 * generated component; without that processor on the processor path, javac only says {@code cannot find symbol
 * Dagger...Component}. Every round but the last lets Dagger generate, so an implementation still missing when
 * processing is over means that Dagger did not run, unless an error stopped the rounds (and was reported).
 */
public final class DaggerCompilerCheck {
  private final Elements elements;
  /** The experiments generated before the last round, by qualified name, with their generated classes' prefix. */
  private final Map<String, String> generated = new LinkedHashMap<>();

  public DaggerCompilerCheck(Elements elements) {
    this.elements = elements;
  }

  /**
   * Expects the Dagger implementation of {@code experiment}'s component; only for experiments generated before
   * the last round, whose components Dagger never sees.
   */
  public void generated(TypeElement experiment) {
    generated.put(experiment.getQualifiedName().toString(), prefix(experiment));
  }

  /** Reports each expected implementation that does not exist, unless an earlier round raised an error. */
  public void reportMissing(boolean errorRaised, Reporter reporter) {
    if (errorRaised) {
      return;
    }
    generated.forEach((name, prefix) -> {
      // Looked up again: the elements of an earlier round are not valid in the last one.
      TypeElement experiment = elements.getTypeElement(name);
      String pkg = elements.getPackageOf(experiment).getQualifiedName().toString();
      String implementation = "Dagger" + prefix + "Component";
      if (elements.getTypeElement(pkg.isEmpty() ? implementation : pkg + "." + implementation) == null) {
        reporter.report(Message.DAGGER_COMPILER_MISSING, Location.of(experiment, trainerAnnotation(experiment)),
            prefix + "Trainer", implementation);
      }
    });
  }

  /** As the generated classes are named ({@code GeneratedNames}): the nested names joined by '_'. */
  private static String prefix(TypeElement experiment) {
    List<String> names = new ArrayList<>();
    for (Element e = experiment; e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
      names.add(0, e.getSimpleName().toString());
    }
    return String.join("_", names);
  }

  private static AnnotationMirror trainerAnnotation(TypeElement experiment) {
    return experiment.getAnnotationMirrors().stream()
        .filter(m -> ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName()
            .contentEquals(Trainer.class.getCanonicalName()))
        .findFirst().orElseThrow();
  }
}
