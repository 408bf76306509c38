package dev.ortrain.processor.generation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.ProviderKind;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * {@code <Experiment>Trainer}: what users call. It forwards to the runtime's training loop that the module
 * assembled; {@code validate()} and {@code test()} exist only when the experiment provides that data, so asking
 * for a test without test data does not compile.
 */
final class TrainerGenerator {
  private static final TypeName METRICS = ParameterizedTypeName.get(ClassName.get(Map.class),
      TypeName.get(String.class), TypeName.get(Double.class));

  private TrainerGenerator() {}

  static TypeSpec generate(Experiment experiment, GeneratedNames names) {
    TypeSpec.Builder trainer = TypeSpec.classBuilder(names.trainer())
        .addJavadoc("Trains {@link $T} as its annotations configure it.\n", names.experiment())
        .addAnnotation(RuntimeNames.GENERATED)
        .addModifiers(Modifier.FINAL)
        .addSuperinterface(AutoCloseable.class)
        .addField(FieldSpec.builder(RuntimeNames.TRAINER, "trainer", Modifier.PRIVATE, Modifier.FINAL).build())
        .addMethod(MethodSpec.constructorBuilder().addAnnotation(RuntimeNames.INJECT)
            .addParameter(RuntimeNames.TRAINER, "trainer").addStatement("this.trainer = trainer").build())
        .addMethod(MethodSpec.methodBuilder("create").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addJavadoc("A trainer wired by {@link $T}, as the annotations configure it; use the\ncomponent's"
                + " builder when a module needs an instance.\n", names.component())
            .returns(names.trainer()).addStatement("return create($T.defaults())", RuntimeNames.RUN_OPTIONS)
            .build())
        .addMethod(MethodSpec.methodBuilder("create").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addJavadoc("A trainer with the caller's overrides of configuration and run directory, and its"
                + "\nadded callbacks.\n")
            .addParameter(RuntimeNames.RUN_OPTIONS, "options").returns(names.trainer())
            .addStatement("return $T.builder().runOptions(options).build().trainer()", names.daggerComponent())
            .build())
        .addMethod(forward("fit", RuntimeNames.FIT_RESULT, "Trains for the configured epochs."))
        .addMethod(MethodSpec.methodBuilder("resume").addModifiers(Modifier.PUBLIC)
            .addJavadoc("Continues the run saved in {@code checkpointDirectory}.\n")
            .addParameter(RuntimeNames.PATH, "checkpointDirectory").returns(RuntimeNames.FIT_RESULT)
            .addStatement("return trainer.resume(checkpointDirectory)").build());
    Visibility.apply(experiment, trainer);
    if (experiment.has(ProviderKind.VALIDATION_DATA)) {
      trainer.addMethod(forward("validate", METRICS, "Runs validation now and returns its metrics."));
    }
    if (experiment.has(ProviderKind.TEST_DATA)) {
      trainer.addMethod(forward("test", METRICS, "Evaluates the test data and returns its metrics."));
    }
    return trainer
        .addMethod(forward("state", RuntimeNames.TRAINING_CONTEXT, "The run's current state."))
        .addMethod(MethodSpec.methodBuilder("engine").addModifiers(Modifier.PUBLIC)
            .addJavadoc("The runtime's training loop behind this trainer, for callers that drive any"
                + "\nexperiment alike (a runner); closing either closes both.\n")
            .returns(RuntimeNames.TRAINER).addStatement("return trainer").build())
        .addMethod(MethodSpec.methodBuilder("exportInferenceModel").addModifiers(Modifier.PUBLIC)
            .addJavadoc("Writes the trained model as an ONNX inference model.\n")
            .addParameter(RuntimeNames.PATH, "file").addStatement("trainer.exportInferenceModel(file)").build())
        .addMethod(MethodSpec.methodBuilder("close").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .addStatement("trainer.close()").build())
        .build();
  }

  private static MethodSpec forward(String name, TypeName returns, String javadoc) {
    return MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).addJavadoc(javadoc + "\n").returns(returns)
        .addStatement("return trainer.$L()", name).build();
  }
}
