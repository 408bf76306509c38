package dev.ortrain.processor.generation;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.ortrain.processor.model.Experiment;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * {@code <Experiment>Component}: the Dagger component Dagger's processor implements in the same build. Its
 * builder takes the caller's {@code RunOptions} and, for each listed module whose provider methods need an
 * instance, that instance.
 */
final class ComponentGenerator {
  private ComponentGenerator() {}

  static TypeSpec generate(Experiment experiment, GeneratedNames names) {
    TypeSpec.Builder component = TypeSpec.interfaceBuilder(names.component())
        .addJavadoc("Wires {@link $T} with its modules; {@code $T.builder()} builds it.\n", names.experiment(),
            names.daggerComponent())
        .addAnnotation(RuntimeNames.GENERATED)
        .addAnnotation(RuntimeNames.SINGLETON)
        .addAnnotation(AnnotationSpec.builder(RuntimeNames.DAGGER_COMPONENT)
            .addMember("modules", "$T.class", names.module()).build())
        .addMethod(MethodSpec.methodBuilder("trainer").addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
            .returns(names.trainer()).build())
        .addMethod(MethodSpec.methodBuilder("experiment").addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
            .returns(names.experiment()).build())
        .addType(builder(experiment, names));
    Visibility.apply(experiment, component);
    return component.build();
  }

  private static TypeSpec builder(Experiment experiment, GeneratedNames names) {
    ClassName builder = names.component().nestedClass("Builder");
    TypeSpec.Builder spec = TypeSpec.interfaceBuilder(builder).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addAnnotation(RuntimeNames.DAGGER_COMPONENT_BUILDER)
        .addMethod(MethodSpec.methodBuilder("runOptions").addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
            .addJavadoc("Overrides of configuration and run directory, and added callbacks.\n")
            .addAnnotation(RuntimeNames.BINDS_INSTANCE).addParameter(RuntimeNames.RUN_OPTIONS, "options")
            .returns(builder).build());
    for (TypeElement module : modulesNeedingInstances(experiment.trainer().moduleTypes())) {
      String simple = module.getSimpleName().toString();
      spec.addMethod(MethodSpec.methodBuilder(Character.toLowerCase(simple.charAt(0)) + simple.substring(1))
          .addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT).addParameter(ClassName.get(module), "module")
          .returns(builder).build());
    }
    return spec.addMethod(MethodSpec.methodBuilder("build").addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
        .returns(names.component()).build()).build();
  }

  /**
   * Listed modules with an instance provider method: a custom component builder must offer their setters
   * (Dagger's default builder did); static-only and abstract modules need none.
   */
  static List<TypeElement> modulesNeedingInstances(List<TypeMirror> modules) {
    return modules.stream().map(t -> (TypeElement) ((DeclaredType) t).asElement())
        .filter(m -> m.getKind() == ElementKind.CLASS && !m.getModifiers().contains(Modifier.ABSTRACT))
        .filter(m -> m.getEnclosedElements().stream().anyMatch(ComponentGenerator::isInstanceProvider))
        .toList();
  }

  private static boolean isInstanceProvider(Element member) {
    return member.getKind() == ElementKind.METHOD && !member.getModifiers().contains(Modifier.STATIC)
        && member.getAnnotationMirrors().stream().anyMatch(a -> ((TypeElement) a.getAnnotationType().asElement())
            .getQualifiedName().contentEquals("dagger.Provides"));
  }
}
