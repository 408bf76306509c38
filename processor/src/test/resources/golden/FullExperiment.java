package golden;

import dagger.Module;
import dagger.Provides;
import dev.ortrain.annotations.Loss;
import dev.ortrain.annotations.Metrics;
import dev.ortrain.annotations.Model;
import dev.ortrain.annotations.NanAction;
import dev.ortrain.annotations.OnBatchEnd;
import dev.ortrain.annotations.OnEpochEnd;
import dev.ortrain.annotations.OnTrainBegin;
import dev.ortrain.annotations.OnValidationEnd;
import dev.ortrain.annotations.OptimizerType;
import dev.ortrain.annotations.Schedule;
import dev.ortrain.annotations.ScheduleType;
import dev.ortrain.annotations.TestData;
import dev.ortrain.annotations.TrainData;
import dev.ortrain.annotations.Trainer;
import dev.ortrain.annotations.Unit;
import dev.ortrain.annotations.ValidationData;
import dev.ortrain.artifacts.ForwardModel;
import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.data.Dataset;
import dev.ortrain.graph.Shape;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.metrics.Accuracy;
import dev.ortrain.metrics.Metric;
import dev.ortrain.metrics.TopKAccuracy;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.Sequential;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import javax.inject.Named;

/** Every feature the generator has, set to something other than its default. */
@Trainer(
    epochs = 20,
    batchSize = 32,
    seed = 7L,
    device = "cuda:1",
    threads = 4,
    prefetch = 3,
    optimizer = OptimizerType.SGD,
    learningRate = 0.05,
    momentum = 0.9,
    nesterov = true,
    weightDecay = 5e-4,
    accumulationSteps = 2,
    clipGradNorm = 1.0,
    validateEvery = 2,
    validationBatches = 10,
    validationFraction = 0.5,
    checkpointEvery = 500,
    checkpointUnit = Unit.STEP,
    keepLast = 3,
    checkpointMonitor = "val_top5_accuracy",
    earlyStoppingMonitor = "val_loss",
    patience = 4,
    minDelta = 0.001,
    restoreBestWeights = true,
    shuffle = false,
    dropLast = true,
    nanPolicy = NanAction.SKIP,
    maxSkippedSteps = 10,
    runDirectory = "runs/full",
    modules = FullExperiment.DataModule.class)
@Schedule(type = ScheduleType.COSINE, tMax = 5000, minLearningRate = 1e-4, warmupSteps = 200,
    warmupStartFactor = 0.01)
public class FullExperiment {
  private final Path data;

  @Inject
  FullExperiment(@Named("data") Path data) {
    this.data = data;
  }

  @Module
  public static final class DataModule {
    @Provides
    @Named("data")
    static Path data() {
      return Path.of("data");
    }
  }

  @Model
  static ForwardModel model() {
    return Sequential.of(new Linear(4, 3)).build(Shape.batched(4), 1L);
  }

  @Loss
  CrossEntropyLoss loss() {
    return CrossEntropyLoss.create().labelSmoothing(0.1f);
  }

  @TrainData
  Dataset train() {
    return null;
  }

  @ValidationData
  Dataset validation() {
    return null;
  }

  @TestData
  Dataset test() {
    return null;
  }

  @Metrics({"accuracy", "top5_accuracy"})
  List<Metric> metrics() {
    return List.of(new Accuracy(), new TopKAccuracy(5));
  }

  @OnTrainBegin
  void start(TrainingContext ctx) {}

  @OnBatchEnd(order = 150)
  void batch(BatchOutcome outcome, int epoch) {}

  @OnValidationEnd
  void validated(TrainingContext ctx, Map<String, Double> metrics) {}

  @OnEpochEnd(order = 150)
  void afterEarlyStopping(int epoch) {}
}
