package dev.ortrain.processor.generation;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.ProviderKind;
import javax.lang.model.element.Modifier;

/**
 * {@code <Experiment>Registration}: the experiment as a runner lists and starts it, found through the
 * {@code META-INF/services} file that {@link ServiceFile} writes. Always public, unlike the other generated
 * classes, because {@link java.util.ServiceLoader} instantiates it from another package; it exposes only the
 * runtime's types, never the experiment's.
 */
final class RegistrationGenerator {
  private RegistrationGenerator() {}

  static TypeSpec generate(Experiment experiment, GeneratedNames names) {
    return TypeSpec.classBuilder(names.registration())
        .addJavadoc("Lists {@link $T} for runners; see {@code RegisteredExperiment}.\n", names.experiment())
        .addAnnotation(RuntimeNames.GENERATED)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(RuntimeNames.REGISTERED_EXPERIMENT)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
            .addJavadoc("For {@link java.util.ServiceLoader}.\n").build())
        .addMethod(returning("name", TypeName.get(String.class), "$S", names.display()))
        .addMethod(returning("className", TypeName.get(String.class), "$S", names.experiment().canonicalName()))
        .addMethod(returning("defaultSettings", RuntimeNames.SETTINGS, "$T.annotatedSettings()", names.module()))
        .addMethod(returning("defaultRunDirectory", RuntimeNames.PATH, "$T.of($S)", RuntimeNames.PATH,
            ModuleGenerator.runDirectory(experiment, names)))
        .addMethod(returning("hasTestData", TypeName.BOOLEAN, "$L", experiment.has(ProviderKind.TEST_DATA)))
        .addMethod(returning("hasValidationData", TypeName.BOOLEAN, "$L",
            experiment.has(ProviderKind.VALIDATION_DATA)))
        .addMethod(MethodSpec.methodBuilder("create").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .addParameter(RuntimeNames.RUN_OPTIONS, "options").returns(RuntimeNames.TRAINER)
            .addStatement("return $T.create(options).engine()", names.trainer()).build())
        .build();
  }

  private static MethodSpec returning(String name, TypeName type, String format, Object... args) {
    return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(type)
        .addStatement("return " + format, args).build();
  }
}
