package golden;

import dagger.Module;
import dagger.Provides;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.callbacks.EarlyStopping;
import dev.ortrain.callbacks.ModelCheckpoint;
import dev.ortrain.callbacks.Monitor;
import dev.ortrain.data.Dataset;
import dev.ortrain.loop.NanPolicy;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.Trainer;
import dev.ortrain.loop.TrainerConfig;
import dev.ortrain.loop.ValidationConfig;
import dev.ortrain.loss.Loss;
import dev.ortrain.metrics.Metric;
import dev.ortrain.ort.Device;
import dev.ortrain.rules.MetricNaming;
import dev.ortrain.schedule.Interval;
import dev.ortrain.schedule.Schedule;
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
   * The configuration the annotations describe, before any run-time override.
   */
  static TrainerConfig annotatedConfig() {
    return TrainerConfig.builder()
        .epochs(20)
        .batchSize(32)
        .seed(7L)
        .device(Device.cuda(1))
        .threads(4)
        .prefetch(3)
        .learningRate(0.05f)
        .optimizer(new Optimizer.Sgd(0.9f, 5.0E-4f, true))
        .accumulationSteps(2)
        .clipGradNorm(1.0f)
        .shuffle(false)
        .dropLast(true)
        .validation(new ValidationConfig(2, Interval.EPOCH, 10, 0.5))
        .nanPolicy(NanPolicy.skip(10))
        .build();
  }

  /**
   * The annotated configuration with the caller's overrides, checked by the same rules.
   */
  @Provides
  static TrainerConfig config(RunOptions options) {
    return options.apply(annotatedConfig());
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
  static Trainer trainer(TrainerConfig config, ForwardModel model, Loss loss, RunOptions options,
      @Named("train") Dataset trainData, @Named("validation") Dataset validationData,
      @Named("test") Dataset testData, List<Metric> metrics, FullExperiment experiment) {
    return Trainer.builder()
        .config(config)
        .model(model)
        .loss(loss)
        .trainData(trainData)
        .validationData(validationData)
        .testData(testData)
        .metrics(metrics.toArray(new Metric[0]))
        .schedule(Schedule.cosine(5000L, 1.0E-4).afterWarmup(200L, 0.01), Interval.STEP)
        .callback(new EarlyStopping(new Monitor("val_loss", Monitor.Mode.MIN, 0.001), 4, true))
        .callback(new ModelCheckpoint(500, Interval.STEP, 3,
            new Monitor("val_top5_accuracy", Monitor.Mode.MAX, 0.0)))
        .callback(new FullExperimentHooks(experiment, 0))
        .callback(new FullExperimentHooks(experiment, 150))
        .callbacks(options.callbacks())
        .runOptions(options)
        .runDirectory(options.runDirectoryOr(Path.of("runs/full")))
        .build();
  }
}
