package dev.ortrain.processor.model;

/**
 * The runtime types that experiments use and generated code refers to, by name: the one list of them (the
 * generation package's RuntimeNames are these names as JavaPoet class names). The processor does not depend on
 * the runtime; it recognises its types in the code it compiles.
 */
public final class RuntimeTypes {
  // What experiments declare
  public static final String FORWARD_MODEL = "dev.ortrain.artifacts.ForwardModel";
  public static final String SEQUENTIAL = "dev.ortrain.nn.Sequential";
  public static final String MODULE = "dev.ortrain.nn.Module";
  public static final String LOSS = "dev.ortrain.loss.Loss";
  public static final String DATASET = "dev.ortrain.data.Dataset";
  public static final String METRIC = "dev.ortrain.metrics.Metric";
  public static final String TRAINING_CONTEXT = "dev.ortrain.callbacks.TrainingContext";
  public static final String BATCH_OUTCOME = "dev.ortrain.callbacks.BatchOutcome";
  public static final String JAVAX_INJECT = "javax.inject.Inject";
  public static final String[] INJECT = {JAVAX_INJECT, "jakarta.inject.Inject"};
  public static final String DAGGER_MODULE = "dagger.Module";
  public static final String DAGGER_COMPONENT = "dagger.Component";

  // What generated code calls besides
  public static final String TRAINER = "dev.ortrain.loop.Trainer";
  public static final String TRAINER_CONFIG = "dev.ortrain.loop.TrainerConfig";
  public static final String FIT_RESULT = "dev.ortrain.loop.FitResult";
  public static final String EXPERIMENT_SETTINGS = "dev.ortrain.loop.ExperimentSettings";
  public static final String RUN_OPTIONS = "dev.ortrain.loop.RunOptions";
  public static final String REGISTERED_EXPERIMENT = "dev.ortrain.loop.RegisteredExperiment";
  public static final String SETTINGS = "dev.ortrain.settings.Settings";
  public static final String SETTING = "dev.ortrain.settings.Setting";
  public static final String SHAPE = "dev.ortrain.graph.Shape";
  public static final String TENSOR_TYPE = "dev.ortrain.graph.TensorType";
  public static final String DATA_TYPE = "dev.ortrain.graph.DataType";
  public static final String METRIC_NAMING = "dev.ortrain.rules.MetricNaming";
  public static final String SCHEDULE = "dev.ortrain.schedule.Schedule";
  public static final String INTERVAL = "dev.ortrain.schedule.Interval";
  public static final String CALLBACK = "dev.ortrain.callbacks.Callback";
  public static final String DAGGER_PROVIDES = "dagger.Provides";
  public static final String DAGGER_COMPONENT_BUILDER = "dagger.Component.Builder";
  public static final String BINDS_INSTANCE = "dagger.BindsInstance";
  public static final String SINGLETON = "javax.inject.Singleton";
  public static final String NAMED = "javax.inject.Named";

  private RuntimeTypes() {}
}
