package dev.ortrain.processor.generation;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.ortrain.annotations.InputType;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.Provider;
import dev.ortrain.processor.model.ProviderKind;
import dev.ortrain.processor.model.ReturnKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * {@code <Experiment>Module}: binds the experiment (one instance per component, so that its providers and hooks
 * share state), the configuration its annotations describe, what its provider methods return, and the
 * training loop assembled from all of it.
 */
final class ModuleGenerator {
  private static final String EXPERIMENT = "experiment";
  private static final ParameterizedTypeName METRICS = ParameterizedTypeName.get(ClassName.get(List.class),
      RuntimeNames.METRIC);

  private final Experiment experiment;
  private final GeneratedNames names;

  ModuleGenerator(Experiment experiment, GeneratedNames names) {
    this.experiment = experiment;
    this.names = names;
  }

  TypeSpec generate() {
    TypeSpec.Builder module = TypeSpec.classBuilder(names.module())
        .addJavadoc("Provides {@link $T}'s configuration, model, loss, data and training loop.\n",
            names.experiment())
        .addAnnotation(RuntimeNames.GENERATED)
        .addAnnotation(moduleAnnotation())
        .addModifiers(Modifier.FINAL)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(experimentMethod())
        .addMethod(MethodSpec.methodBuilder("annotatedSettings").addModifiers(Modifier.STATIC)
            .addJavadoc("The settings the annotations declare, before any run-time override.\n")
            .returns(RuntimeNames.SETTINGS).addCode(SettingsCode.of(experiment)).build())
        .addMethod(provides("settings", RuntimeNames.SETTINGS, null)
            .addJavadoc("The annotated settings with the caller's overrides, checked by the same rules.\n")
            .addParameter(RuntimeNames.RUN_OPTIONS, "options")
            .addStatement("return options.apply(annotatedSettings())").build())
        .addMethod(provides("config", RuntimeNames.TRAINER_CONFIG, null)
            .addJavadoc("The configuration those settings describe, with the caller's overrides of it.\n")
            .addParameter(RuntimeNames.SETTINGS, "settings")
            .addParameter(RuntimeNames.RUN_OPTIONS, "options")
            .addStatement("return options.apply($T.config(settings))", RuntimeNames.EXPERIMENT_SETTINGS).build())
        .addMethod(model());
    Visibility.apply(experiment, module);
    for (ProviderKind kind : List.of(ProviderKind.LOSS, ProviderKind.TRAIN_DATA, ProviderKind.VALIDATION_DATA,
        ProviderKind.TEST_DATA)) {
      experiment.provider(kind).ifPresent(p -> module.addMethod(simpleProvider(p)));
    }
    experiment.provider(ProviderKind.METRICS).ifPresent(p -> module.addMethod(metrics(p)));
    return module.addMethod(trainer()).build();
  }

  private AnnotationSpec moduleAnnotation() {
    AnnotationSpec.Builder annotation = AnnotationSpec.builder(RuntimeNames.DAGGER_MODULE);
    List<TypeMirror> includes = experiment.trainer().moduleTypes();
    if (!includes.isEmpty()) {
      annotation.addMember("includes", includes.size() == 1 ? "$L" : "{$L}", includes.stream()
          .map(t -> CodeBlock.of("$T.class", TypeName.get(t))).collect(CodeBlock.joining(", ")));
    }
    return annotation.build();
  }

  /** The experiment itself, scoped so that every binding below sees the same instance. */
  private MethodSpec experimentMethod() {
    MethodSpec.Builder method = provides(EXPERIMENT, names.experiment(), null)
        .addJavadoc("One experiment per component: its providers and hooks run on this instance.\n")
        .addAnnotation(RuntimeNames.SINGLETON);
    Optional<ExecutableElement> inject = experiment.injectConstructors().stream().findFirst();
    List<String> arguments = new ArrayList<>();
    for (VariableElement parameter : inject.map(ExecutableElement::getParameters).orElse(List.of())) {
      ParameterSpec.Builder spec = ParameterSpec.builder(TypeName.get(parameter.asType()),
          parameter.getSimpleName().toString());
      parameter.getAnnotationMirrors().stream().filter(ModuleGenerator::isQualifier)
          .forEach(q -> spec.addAnnotation(AnnotationSpec.get(q)));
      method.addParameter(spec.build());
      arguments.add(parameter.getSimpleName().toString());
    }
    return method.addStatement("return new $T($L)", names.experiment(), String.join(", ", arguments)).build();
  }

  private MethodSpec model() {
    Provider model = experiment.provider(ProviderKind.MODEL).orElseThrow();
    MethodSpec.Builder method = provides("model", RuntimeNames.FORWARD_MODEL, model);
    if (model.returns().builtForShape()) {
      String dims = model.inputShape().value().stream().map(Literals::ofLong)
          .collect(Collectors.joining(", "));
      CodeBlock shape = CodeBlock.of("$T.batched($L)", RuntimeNames.SHAPE, dims);
      CodeBlock input = model.inputType().value() == InputType.INT64
          ? CodeBlock.of("new $T($T.INT64, $L)", RuntimeNames.TENSOR_TYPE, RuntimeNames.DATA_TYPE, shape) : shape;
      // Built with the run's seed (@Trainer(seed) or its override), so that the initial parameters follow it.
      return method.addParameter(RuntimeNames.TRAINER_CONFIG, "config")
          .addStatement("return $L.build($L, config.seed())", call(model), input)
          .build();
    }
    return method.addStatement("return $L", call(model)).build();
  }

  private MethodSpec simpleProvider(Provider provider) {
    TypeName type = provider.kind() == ProviderKind.LOSS ? RuntimeNames.LOSS : RuntimeNames.DATASET;
    return provides(methodName(provider.kind()), type, provider)
        .addAnnotations(qualifier(provider.kind()).stream().toList())
        .addStatement("return $L", call(provider)).build();
  }

  /** Checks at run time that the metrics carry the names validated at compile time. */
  private MethodSpec metrics(Provider provider) {
    String declared = provider.metricNames().stream().map(n -> CodeBlock.of("$S", n.value()).toString())
        .collect(Collectors.joining(", "));
    return provides("metrics", METRICS, provider)
        .addStatement("$T metrics = $T.$L($L)", METRICS, List.class,
            provider.returns() == ReturnKind.METRIC_ARRAY ? "of" : "copyOf", call(provider))
        .addComment("The names checked at compile time must be the names the metrics report.")
        .addStatement("$T.requireDeclared($S, $T.of($L),\nmetrics.stream().map($T::name).toList())",
            RuntimeNames.METRIC_NAMING, names.display() + "." + provider.name() + "()", List.class, declared,
            RuntimeNames.METRIC)
        .addStatement("return metrics").build();
  }

  private MethodSpec trainer() {
    MethodSpec.Builder method = MethodSpec.methodBuilder("trainer").addAnnotation(RuntimeNames.DAGGER_PROVIDES)
        .addModifiers(Modifier.STATIC).returns(RuntimeNames.TRAINER)
        .addParameter(RuntimeNames.TRAINER_CONFIG, "config")
        .addParameter(RuntimeNames.SETTINGS, "settings")
        .addParameter(RuntimeNames.FORWARD_MODEL, "model")
        .addParameter(RuntimeNames.LOSS, "loss")
        .addParameter(RuntimeNames.RUN_OPTIONS, "options");
    CodeBlock.Builder body = CodeBlock.builder().add("return $T.builder()\n", RuntimeNames.TRAINER).indent().indent()
        .add(".config(config)\n")
        .add(".model(model)\n")
        .add(".loss(loss)\n");
    for (ProviderKind kind : List.of(ProviderKind.TRAIN_DATA, ProviderKind.VALIDATION_DATA, ProviderKind.TEST_DATA)) {
      if (experiment.has(kind)) {
        String name = methodName(kind);
        method.addParameter(ParameterSpec.builder(RuntimeNames.DATASET, name).addAnnotation(qualifier(kind)
            .orElseThrow()).build());
        body.add(".$L($L)\n", name, name);
      }
    }
    if (experiment.has(ProviderKind.METRICS)) {
      method.addParameter(METRICS, "metrics");
      body.add(".metrics(metrics.toArray(new $T[0]))\n", RuntimeNames.METRIC);
    }
    body.add(".settings(settings)\n");
    ScheduleCode.of(experiment, names).ifPresent(body::add);
    CallbackCode.of(experiment, names).forEach(body::add);
    if (!experiment.hooks().isEmpty() || !experiment.scheduleMethods().isEmpty()) {
      method.addParameter(names.experiment(), EXPERIMENT);
    }
    body.add(".callbacks(options.callbacks())\n")
        .add(".runOptions(options)\n")
        .add(".runDirectory(options.runDirectoryOr($T.of($S)))\n", RuntimeNames.PATH, runDirectory(experiment, names))
        .add(".build();\n").unindent().unindent();
    return method.addCode(body.build()).build();
  }

  /** {@code @Trainer(runDirectory)}, or {@code runs/<Experiment>} when it is empty. */
  static String runDirectory(Experiment experiment, GeneratedNames names) {
    String configured = experiment.trainer().runDirectory();
    return configured.isEmpty() ? "runs/" + names.display() : configured;
  }

  /** {@code @Provides static T name(Experiment experiment)}, without the parameter for static providers. */
  private MethodSpec.Builder provides(String name, TypeName type, Provider provider) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(name).addAnnotation(RuntimeNames.DAGGER_PROVIDES)
        .addModifiers(Modifier.STATIC).returns(type);
    if (provider != null && !isStatic(provider)) {
      method.addParameter(names.experiment(), EXPERIMENT);
    }
    return method;
  }

  private CodeBlock call(Provider provider) {
    return isStatic(provider) ? CodeBlock.of("$T.$L()", names.experiment(), provider.name())
        : CodeBlock.of("$L.$L()", EXPERIMENT, provider.name());
  }

  private static boolean isStatic(Provider provider) {
    return provider.method().getModifiers().contains(Modifier.STATIC);
  }

  private static String methodName(ProviderKind kind) {
    return switch (kind) {
      case TRAIN_DATA -> "trainData";
      case VALIDATION_DATA -> "validationData";
      case TEST_DATA -> "testData";
      default -> kind.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** Datasets are told apart by {@code @Named("train")}, {@code ("validation")}, {@code ("test")}. */
  private static Optional<AnnotationSpec> qualifier(ProviderKind kind) {
    return switch (kind) {
      case TRAIN_DATA -> Optional.of(RuntimeNames.named("train"));
      case VALIDATION_DATA -> Optional.of(RuntimeNames.named("validation"));
      case TEST_DATA -> Optional.of(RuntimeNames.named("test"));
      default -> Optional.empty();
    };
  }

  private static boolean isQualifier(AnnotationMirror annotation) {
    TypeElement type = (TypeElement) annotation.getAnnotationType().asElement();
    return type.getAnnotationMirrors().stream().map(m -> ((TypeElement) m.getAnnotationType().asElement())
        .getQualifiedName().toString()).anyMatch(n -> n.equals("javax.inject.Qualifier")
        || n.equals("jakarta.inject.Qualifier"));
  }
}
