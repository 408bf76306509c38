package dev.ortrain.loop;

import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.data.Dataset;
import dev.ortrain.data.Transform;
import dev.ortrain.loss.Loss;
import dev.ortrain.metrics.Metric;
import dev.ortrain.recording.Recording;
import dev.ortrain.schedule.Interval;
import dev.ortrain.schedule.ReduceOnPlateau;
import dev.ortrain.schedule.Schedule;
import dev.ortrain.settings.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a {@link Trainer.Builder} configured, fixed when the trainer is built; the trainer is set up from it on
 * first use ({@link OpenedRun}).
 *
 * @param validationData null when there is none, as {@code testData} and {@code plateau}
 */
record TrainerDefinition(
    TrainerConfig config,
    ForwardModel model,
    Loss loss,
    Dataset trainData,
    Dataset validationData,
    Dataset testData,
    List<Transform> trainTransforms,
    Schedule schedule,
    Interval scheduleUnit,
    ReduceOnPlateau plateau,
    List<Metric> metrics,
    List<Callback> callbacks,
    Path runDirectory,
    Consumer<String> log,
    DevelopmentOptions development,
    Recording recording,
    Optional<Settings> settings,
    ScheduleOnExtension scheduleOnExtension,
    RandomStream randomStream) {

  TrainerDefinition {
    trainTransforms = List.copyOf(trainTransforms);
    metrics = List.copyOf(metrics);
    callbacks = List.copyOf(callbacks);
  }
}
