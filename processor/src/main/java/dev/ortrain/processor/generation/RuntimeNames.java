package dev.ortrain.processor.generation;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import dev.ortrain.processor.model.RuntimeTypes;

/** The classes the generated code refers to: {@link RuntimeTypes}' names as class names, and the JDK's. */
final class RuntimeNames {
  static final ClassName TRAINER = of(RuntimeTypes.TRAINER);
  static final ClassName TRAINER_CONFIG = of(RuntimeTypes.TRAINER_CONFIG);
  static final ClassName FIT_RESULT = of(RuntimeTypes.FIT_RESULT);
  static final ClassName EXPERIMENT_SETTINGS = of(RuntimeTypes.EXPERIMENT_SETTINGS);
  static final ClassName SETTINGS = of(RuntimeTypes.SETTINGS);
  static final ClassName SETTING = of(RuntimeTypes.SETTING);
  static final ClassName RUN_OPTIONS = of(RuntimeTypes.RUN_OPTIONS);
  static final ClassName REGISTERED_EXPERIMENT = of(RuntimeTypes.REGISTERED_EXPERIMENT);
  static final ClassName FORWARD_MODEL = of(RuntimeTypes.FORWARD_MODEL);
  static final ClassName SHAPE = of(RuntimeTypes.SHAPE);
  static final ClassName TENSOR_TYPE = of(RuntimeTypes.TENSOR_TYPE);
  static final ClassName DATA_TYPE = of(RuntimeTypes.DATA_TYPE);
  static final ClassName LOSS = of(RuntimeTypes.LOSS);
  static final ClassName DATASET = of(RuntimeTypes.DATASET);
  static final ClassName METRIC = of(RuntimeTypes.METRIC);
  static final ClassName METRIC_NAMING = of(RuntimeTypes.METRIC_NAMING);
  static final ClassName SCHEDULE = of(RuntimeTypes.SCHEDULE);
  static final ClassName INTERVAL = of(RuntimeTypes.INTERVAL);
  static final ClassName CALLBACK = of(RuntimeTypes.CALLBACK);
  static final ClassName TRAINING_CONTEXT = of(RuntimeTypes.TRAINING_CONTEXT);
  static final ClassName BATCH_OUTCOME = of(RuntimeTypes.BATCH_OUTCOME);
  static final ClassName DAGGER_MODULE = of(RuntimeTypes.DAGGER_MODULE);
  static final ClassName DAGGER_PROVIDES = of(RuntimeTypes.DAGGER_PROVIDES);
  static final ClassName DAGGER_COMPONENT = of(RuntimeTypes.DAGGER_COMPONENT);
  static final ClassName DAGGER_COMPONENT_BUILDER = of(RuntimeTypes.DAGGER_COMPONENT_BUILDER);
  static final ClassName BINDS_INSTANCE = of(RuntimeTypes.BINDS_INSTANCE);
  static final ClassName INJECT = of(RuntimeTypes.JAVAX_INJECT);
  static final ClassName SINGLETON = of(RuntimeTypes.SINGLETON);
  static final ClassName NAMED = of(RuntimeTypes.NAMED);
  static final ClassName PATH = ClassName.get("java.nio.file", "Path");

  /** A fixed value and no date, so that generated sources are reproducible. */
  static final AnnotationSpec GENERATED = AnnotationSpec.builder(
      ClassName.get("javax.annotation.processing", "Generated"))
      .addMember("value", "$S", "dev.ortrain.processor.TrainerProcessor").build();

  private RuntimeNames() {}

  /** A canonical name as a class name: lower-case package segments, then the (nested) class names. */
  private static ClassName of(String canonicalName) {
    return ClassName.bestGuess(canonicalName);
  }

  static AnnotationSpec named(String name) {
    return AnnotationSpec.builder(NAMED).addMember("value", "$S", name).build();
  }
}
