package golden;

import dagger.Module;
import dagger.Provides;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.artifacts.Optimizer;
import dev.ortrain.data.Dataset;
import dev.ortrain.graph.Shape;
import dev.ortrain.loop.NanPolicy;
import dev.ortrain.loop.RunOptions;
import dev.ortrain.loop.Trainer;
import dev.ortrain.loop.TrainerConfig;
import dev.ortrain.loop.ValidationConfig;
import dev.ortrain.loss.Loss;
import dev.ortrain.ort.Device;
import dev.ortrain.schedule.Interval;
import dev.ortrain.schedule.Schedule;
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
   * The configuration the annotations describe, before any run-time override.
   */
  static TrainerConfig annotatedConfig() {
    return TrainerConfig.builder()
        .epochs(10)
        .batchSize(64)
        .seed(42L)
        .device(Device.cpu())
        .threads(0)
        .prefetch(-1)
        .learningRate(0.001f)
        .optimizer(new Optimizer.AdamW(0.9f, 0.999f, 1.0E-8f, 0.01f, true))
        .accumulationSteps(1)
        .shuffle(true)
        .dropLast(false)
        .validation(new ValidationConfig(1, Interval.EPOCH, 0, 1.0))
        .nanPolicy(NanPolicy.fail())
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
  static Trainer trainer(TrainerConfig config, ForwardModel model, Loss loss, RunOptions options,
      @Named("train") Dataset trainData, ComputedSchedule experiment) {
    return Trainer.builder()
        .config(config)
        .model(model)
        .loss(loss)
        .trainData(trainData)
        .schedule(Schedule.function("ComputedSchedule.rate",
            (step, epoch, baseLr) -> experiment.rate(step, Math.toIntExact(epoch), baseLr)), Interval.EPOCH)
        .callbacks(options.callbacks())
        .runOptions(options)
        .runDirectory(options.runDirectoryOr(Path.of("runs/ComputedSchedule")))
        .build();
  }
}
