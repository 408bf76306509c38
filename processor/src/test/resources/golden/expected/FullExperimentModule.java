package golden;

import dagger.Module;
import dagger.Provides;
import dev.ortrain.annotations.NanAction;
import dev.ortrain.annotations.OptimizerType;
import dev.ortrain.annotations.ScheduleType;
import dev.ortrain.annotations.Unit;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.data.Dataset;
import dev.ortrain.loop.ExperimentSettings;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.Trainer;
import dev.ortrain.loop.TrainerConfig;
import dev.ortrain.loss.Loss;
import dev.ortrain.metrics.Metric;
import dev.ortrain.rules.MetricNaming;
import dev.ortrain.settings.Setting;
import dev.ortrain.settings.Settings;
import java.nio.file.Path;
import java.util.List;
import javax.annotation.processing.Generated;
import javax.inject.Named;
import javax.inject.Singleton;

/**
 * Provides {@link FullExperiment}'s configuration, model, loss, data and training loop.
 */
@Generated("dev.ortrain.processor.TrainerProcessor")
@Module(
    includes = FullExperiment.DataModule.class
)
public final class FullExperimentModule {
  private FullExperimentModule() {
  }

  /**
   * One experiment per component: its providers and hooks run on this instance.
   */
  @Provides
  @Singleton
  static FullExperiment experiment(@Named("data") Path data) {
    return new FullExperiment(data);
  }

  /**
   * The settings the annotations declare, before any run-time override.
   */
  static Settings annotatedSettings() {
    return Settings.defaults()
        .with(Setting.EPOCHS, 20)
        .with(Setting.BATCH_SIZE, 32)
        .with(Setting.SEED, 7L)
        .with(Setting.DEVICE, "cuda:1")
        .with(Setting.THREADS, 4)
        .with(Setting.PREFETCH, 3)
        .with(Setting.OPTIMIZER, OptimizerType.SGD)
        .with(Setting.LEARNING_RATE, 0.05)
        .with(Setting.WEIGHT_DECAY, 5.0E-4)
        .with(Setting.MOMENTUM, 0.9)
        .with(Setting.NESTEROV, true)
        .with(Setting.ACCUMULATION_STEPS, 2)
        .with(Setting.CLIP_GRAD_NORM, 1.0)
        .with(Setting.VALIDATE_EVERY, 2)
        .with(Setting.VALIDATION_BATCHES, 10)
        .with(Setting.VALIDATION_FRACTION, 0.5)
        .with(Setting.CHECKPOINT_EVERY, 500)
        .with(Setting.CHECKPOINT_UNIT, Unit.STEP)
        .with(Setting.KEEP_LAST, 3)
        .with(Setting.CHECKPOINT_MONITOR, "val_top5_accuracy")
        .with(Setting.EARLY_STOPPING_MONITOR, "val_loss")
        .with(Setting.PATIENCE, 4)
        .with(Setting.MIN_DELTA, 0.001)
        .with(Setting.RESTORE_BEST_WEIGHTS, true)
        .with(Setting.SHUFFLE, false)
        .with(Setting.DROP_LAST, true)
        .with(Setting.NAN_POLICY, NanAction.SKIP)
        .with(Setting.MAX_SKIPPED_STEPS, 10)
        .with(Setting.SCHEDULE_TYPE, ScheduleType.COSINE)
        .with(Setting.WARMUP_STEPS, 200L)
        .with(Setting.WARMUP_START_FACTOR, 0.01)
        .with(Setting.T_MAX, 5000L)
        .with(Setting.MIN_LEARNING_RATE, 1.0E-4);
  }

  /**
   * The annotated settings with the caller's overrides, checked by the same rules.
   */
  @Provides
  static Settings settings(RunOptions options) {
    return options.apply(annotatedSettings());
  }

  /**
   * The configuration those settings describe, with the caller's overrides of it.
   */
  @Provides
  static TrainerConfig config(Settings settings, RunOptions options) {
    return options.apply(ExperimentSettings.config(settings));
  }

  @Provides
  static ForwardModel model() {
    return FullExperiment.model();
  }

  @Provides
  static Loss loss(FullExperiment experiment) {
    return experiment.loss();
  }

  @Provides
  @Named("train")
  static Dataset trainData(FullExperiment experiment) {
    return experiment.train();
  }

  @Provides
  @Named("validation")
  static Dataset validationData(FullExperiment experiment) {
    return experiment.validation();
  }

  @Provides
  @Named("test")
  static Dataset testData(FullExperiment experiment) {
    return experiment.test();
  }

  @Provides
  static List<Metric> metrics(FullExperiment experiment) {
    List<Metric> metrics = List.copyOf(experiment.metrics());
    // The names checked at compile time must be the names the metrics report.
    MetricNaming.requireDeclared("FullExperiment.metrics()", List.of("accuracy", "top5_accuracy"),
        metrics.stream().map(Metric::name).toList());
    return metrics;
  }

  @Provides
  static Trainer trainer(TrainerConfig config, Settings settings, ForwardModel model, Loss loss,
      RunOptions options, @Named("train") Dataset trainData,
      @Named("validation") Dataset validationData, @Named("test") Dataset testData,
      List<Metric> metrics, FullExperiment experiment) {
    return Trainer.builder()
        .config(config)
        .model(model)
        .loss(loss)
        .trainData(trainData)
        .validationData(validationData)
        .testData(testData)
        .metrics(metrics.toArray(new Metric[0]))
        .settings(settings)
        .callback(new FullExperimentHooks.Order0(experiment))
        .callback(new FullExperimentHooks.Order150(experiment))
        .callbacks(options.callbacks())
        .runOptions(options)
        .runDirectory(options.runDirectoryOr(Path.of("runs/full")))
        .build();
  }
}
