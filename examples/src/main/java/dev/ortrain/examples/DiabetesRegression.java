package dev.ortrain.examples;

import dev.ortrain.annotations.Loss;
import dev.ortrain.annotations.Metrics;
import dev.ortrain.annotations.Model;
import dev.ortrain.annotations.OnValidationEnd;
import dev.ortrain.annotations.OptimizerType;
import dev.ortrain.annotations.Schedule;
import dev.ortrain.annotations.ScheduleType;
import dev.ortrain.annotations.TrainData;
import dev.ortrain.annotations.Trainer;
import dev.ortrain.annotations.Unit;
import dev.ortrain.annotations.ValidationData;
import dev.ortrain.callbacks.TrainingContext;
import dev.ortrain.data.Dataset;
import dev.ortrain.loop.FitResult;
import dev.ortrain.loss.MeanSquaredErrorLoss;
import dev.ortrain.metrics.MeanAbsoluteError;
import dev.ortrain.metrics.Metric;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.ReLU;
import dev.ortrain.nn.Sequential;
import java.util.Map;
import javax.inject.Inject;

/**
 * Tabular regression on a CSV file: disease progression from ten baseline variables. Shows SGD with momentum
 * and weight decay, a step schedule per epoch, early stopping on the validation loss with the best weights
 * restored, and a validation hook that reports the error in the target's own units through the injected
 * data. Generates {@link DiabetesRegressionTrainer}.
 *
 * <p>Run: {@code mvn -B -q -pl examples exec:java -Dexec.mainClass=dev.ortrain.examples.DiabetesRegression}.
 */
@Trainer(
    epochs = 60,
    batchSize = 32,
    optimizer = OptimizerType.SGD,
    learningRate = 0.01,
    momentum = 0.9,
    weightDecay = 1e-4,
    earlyStoppingMonitor = "val_loss",
    patience = 15,
    restoreBestWeights = true,
    runDirectory = "runs/diabetes",
    modules = DiabetesModule.class)
@Schedule(type = ScheduleType.STEP, unit = Unit.EPOCH, stepSize = 20, gamma = 0.5)
public class DiabetesRegression {
  private final DiabetesData data;

  @Inject
  DiabetesRegression(DiabetesData data) {
    this.data = data;
  }

  @Model(inputShape = {10})
  Sequential model() {
    return Sequential.of(new Linear(10, 32), new ReLU(), new Linear(32, 1));
  }

  @Loss
  MeanSquaredErrorLoss loss() {
    return MeanSquaredErrorLoss.create();
  }

  @TrainData
  Dataset train() {
    return data.train();
  }

  @ValidationData
  Dataset validation() {
    return data.validation();
  }

  @Metrics({"mae"})
  Metric[] metrics() {
    return new Metric[] {new MeanAbsoluteError()};
  }

  @OnValidationEnd
  void report(TrainingContext ctx, Map<String, Double> metrics) {
    if ((ctx.epoch() + 1) % 10 == 0) {
      System.out.printf("epoch %d  val_mae %.1f progression points%n", ctx.epoch() + 1,
          data.inTargetUnits(metrics.get("val_mae")));
    }
  }

  public static void main(String[] args) {
    try (DiabetesRegressionTrainer trainer = DiabetesRegressionTrainer.create()) {
      FitResult result = trainer.fit();
      System.out.printf("%d epoch(s), %s; validation loss %.4f (standardized)%n", result.epochsCompleted(),
          result.stopReason(), trainer.validate().get("val_loss"));
    }
  }
}
