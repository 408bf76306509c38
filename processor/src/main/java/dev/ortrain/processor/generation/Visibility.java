package dev.ortrain.processor.generation;

import com.palantir.javapoet.TypeSpec;
import dev.ortrain.processor.model.Experiment;
import javax.lang.model.element.Modifier;

/** Generated classes are public exactly when the experiment is, so they expose nothing it hides. */
final class Visibility {
  private Visibility() {}

  static void apply(Experiment experiment, TypeSpec.Builder type) {
    if (experiment.type().getModifiers().contains(Modifier.PUBLIC)) {
      type.addModifiers(Modifier.PUBLIC);
    }
  }
}
