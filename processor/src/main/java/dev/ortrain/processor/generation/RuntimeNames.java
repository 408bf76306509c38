package dev.ortrain.processor.generation;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;

/** The classes the generated code refers to. */
final class RuntimeNames {
  static final ClassName TRAINER = ClassName.get("dev.ortrain.loop", "Trainer");
  static final ClassName TRAINER_CONFIG = ClassName.get("dev.ortrain.loop", "TrainerConfig");
  static final ClassName FIT_RESULT = ClassName.get("dev.ortrain.loop", "FitResult");
  static final ClassName EXPERIMENT_SETTINGS = ClassName.get("dev.ortrain.loop", "ExperimentSettings");
  static final ClassName SETTINGS = ClassName.get("dev.ortrain.settings", "Settings");
  static final ClassName SETTING = ClassName.get("dev.ortrain.settings", "Setting");
  static final ClassName RUN_OPTIONS = ClassName.get("dev.ortrain.loop", "RunOptions");
  static final ClassName REGISTERED_EXPERIMENT = ClassName.get("dev.ortrain.loop", "RegisteredExperiment");
  static final ClassName FORWARD_MODEL = ClassName.get("dev.ortrain.artifacts", "ForwardModel");
  static final ClassName SHAPE = ClassName.get("dev.ortrain.graph", "Shape");
  static final ClassName TENSOR_TYPE = ClassName.get("dev.ortrain.graph", "TensorType");
  static final ClassName DATA_TYPE = ClassName.get("dev.ortrain.graph", "DataType");
  static final ClassName LOSS = ClassName.get("dev.ortrain.loss", "Loss");
  static final ClassName DATASET = ClassName.get("dev.ortrain.data", "Dataset");
  static final ClassName METRIC = ClassName.get("dev.ortrain.metrics", "Metric");
  static final ClassName METRIC_NAMING = ClassName.get("dev.ortrain.rules", "MetricNaming");
  static final ClassName SCHEDULE = ClassName.get("dev.ortrain.schedule", "Schedule");
  static final ClassName INTERVAL = ClassName.get("dev.ortrain.schedule", "Interval");
  static final ClassName CALLBACK = ClassName.get("dev.ortrain.callbacks", "Callback");
  static final ClassName TRAINING_CONTEXT = ClassName.get("dev.ortrain.callbacks", "TrainingContext");
  static final ClassName BATCH_OUTCOME = ClassName.get("dev.ortrain.callbacks", "BatchOutcome");
  static final ClassName DAGGER_MODULE = ClassName.get("dagger", "Module");
  static final ClassName DAGGER_PROVIDES = ClassName.get("dagger", "Provides");
  static final ClassName DAGGER_COMPONENT = ClassName.get("dagger", "Component");
  static final ClassName DAGGER_COMPONENT_BUILDER = ClassName.get("dagger", "Component", "Builder");
  static final ClassName BINDS_INSTANCE = ClassName.get("dagger", "BindsInstance");
  static final ClassName INJECT = ClassName.get("javax.inject", "Inject");
  static final ClassName SINGLETON = ClassName.get("javax.inject", "Singleton");
  static final ClassName NAMED = ClassName.get("javax.inject", "Named");
  static final ClassName PATH = ClassName.get("java.nio.file", "Path");

  /** A fixed value and no date, so that generated sources are reproducible. */
  static final AnnotationSpec GENERATED = AnnotationSpec.builder(
      ClassName.get("javax.annotation.processing", "Generated"))
      .addMember("value", "$S", "dev.ortrain.processor.TrainerProcessor").build();

  private RuntimeNames() {}

  static AnnotationSpec named(String name) {
    return AnnotationSpec.builder(NAMED).addMember("value", "$S", name).build();
  }
}
