package dev.ortrain.processor.model;

/**
 * The runtime types experiments use, by name: the processor does not depend on the runtime, it recognises its
 * types in the code it compiles.
 */
public final class RuntimeTypes {
  public static final String FORWARD_MODEL = "dev.ortrain.artifacts.ForwardModel";
  public static final String SEQUENTIAL = "dev.ortrain.nn.Sequential";
  public static final String MODULE = "dev.ortrain.nn.Module";
  public static final String LOSS = "dev.ortrain.loss.Loss";
  public static final String DATASET = "dev.ortrain.data.Dataset";
  public static final String METRIC = "dev.ortrain.metrics.Metric";
  public static final String TRAINING_CONTEXT = "dev.ortrain.callbacks.TrainingContext";
  public static final String BATCH_OUTCOME = "dev.ortrain.callbacks.BatchOutcome";
  public static final String[] INJECT = {"javax.inject.Inject", "jakarta.inject.Inject"};
  public static final String DAGGER_MODULE = "dagger.Module";
  public static final String DAGGER_COMPONENT = "dagger.Component";

  private RuntimeTypes() {}
}
