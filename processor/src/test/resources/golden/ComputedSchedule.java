package golden;

import dev.ortrain.annotations.Loss;
import dev.ortrain.annotations.Model;
import dev.ortrain.annotations.Schedule;
import dev.ortrain.annotations.TrainData;
import dev.ortrain.annotations.Trainer;
import dev.ortrain.annotations.Unit;
import dev.ortrain.data.Dataset;
import dev.ortrain.loss.MeanSquaredErrorLoss;
import dev.ortrain.nn.Linear;
import dev.ortrain.nn.Sequential;

/** The defaults, a Sequential model and a computed schedule; package-private, so are the generated classes. */
@Trainer
class ComputedSchedule {
  @Model(inputShape = {1, 8})
  Sequential model() {
    return Sequential.of(new Linear(8, 1));
  }

  @Loss
  MeanSquaredErrorLoss loss() {
    return null;
  }

  @TrainData
  Dataset train() {
    return null;
  }

  @Schedule(unit = Unit.EPOCH)
  double rate(long step, int epoch, double baseLr) {
    return baseLr * Math.pow(0.5, epoch);
  }
}
