package golden;

import dagger.Module;
import dagger.Provides;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.data.Dataset;
import dev.ortrain.graph.Shape;
import dev.ortrain.loop.ExperimentSettings;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.Trainer;
import dev.ortrain.loop.TrainerConfig;
import dev.ortrain.loss.Loss;
import dev.ortrain.schedule.Interval;
import dev.ortrain.schedule.Schedule;
import dev.ortrain.settings.Settings;
import java.nio.file.Path;
import javax.annotation.processing.Generated;
import javax.inject.Named;
import javax.inject.Singleton;

/**
 * Provides {@link ComputedSchedule}'s configuration, model, loss, data and training loop.
 */
@Generated("dev.ortrain.processor.TrainerProcessor")
@Module
final class ComputedScheduleModule {
  private ComputedScheduleModule() {
  }

  /**
   * One experiment per component: its providers and hooks run on this instance.
   */
  @Provides
  @Singleton
  static ComputedSchedule experiment() {
    return new ComputedSchedule();
  }

  /**
   * The settings the annotations declare, before any run-time override.
   */
  static Settings annotatedSettings() {
    return Settings.defaults();
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
  static ForwardModel model(ComputedSchedule experiment, TrainerConfig config) {
    return experiment.model().build(Shape.batched(1L, 8L), config.seed());
  }

  @Provides
  static Loss loss(ComputedSchedule experiment) {
    return experiment.loss();
  }

  @Provides
  @Named("train")
  static Dataset trainData(ComputedSchedule experiment) {
    return experiment.train();
  }

  @Provides
  static Trainer trainer(TrainerConfig config, Settings settings, ForwardModel model, Loss loss,
      RunOptions options, @Named("train") Dataset trainData, ComputedSchedule experiment) {
    return Trainer.builder()
        .config(config)
        .model(model)
        .loss(loss)
        .trainData(trainData)
        .settings(settings)
        .schedule(Schedule.function("ComputedSchedule.rate",
            (step, epoch, baseLr) -> experiment.rate(step, Math.toIntExact(epoch), baseLr)), Interval.EPOCH)
        .callbacks(options.callbacks())
        .runOptions(options)
        .runDirectory(options.runDirectoryOr(Path.of("runs/ComputedSchedule")))
        .build();
  }
}
