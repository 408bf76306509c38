package dev.ortrain.processor.generation;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.ortrain.processor.model.Experiment;
import javax.lang.model.element.Modifier;

/** {@code <Experiment>Component}: the Dagger component Dagger's processor implements in the same build. */
final class ComponentGenerator {
  private ComponentGenerator() {}

  static TypeSpec generate(Experiment experiment, GeneratedNames names) {
    TypeSpec.Builder component = TypeSpec.interfaceBuilder(names.component())
        .addJavadoc("Wires {@link $T} with its modules; {@code $T.create()} builds it\nwhen no module needs an"
            + " instance.\n", names.experiment(), names.daggerComponent())
        .addAnnotation(RuntimeNames.GENERATED)
        .addAnnotation(RuntimeNames.SINGLETON)
        .addAnnotation(AnnotationSpec.builder(RuntimeNames.DAGGER_COMPONENT)
            .addMember("modules", "$T.class", names.module()).build())
        .addMethod(MethodSpec.methodBuilder("trainer").addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
            .returns(names.trainer()).build())
        .addMethod(MethodSpec.methodBuilder("experiment").addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
            .returns(names.experiment()).build());
    Visibility.apply(experiment, component);
    return component.build();
  }
}
