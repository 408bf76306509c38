package dev.ortrain.tracking;

import dev.ortrain.loop.Trainer;
import dev.ortrain.loop.TrainerConfig;
import dev.ortrain.loss.CrossEntropyLoss;
import dev.ortrain.metrics.Accuracy;
import dev.ortrain.testing.TestModels;
import java.nio.file.Path;

/**
 * A small real training for the trackers: three Gaussian clusters in 4-D, an MLP, 200 samples in batches of 16
 * (13 optimizer steps per epoch), validation on 64 samples.
 */
public final class TrackingFixtures {
  public static final int STEPS_PER_EPOCH = 13;

  private TrackingFixtures() {}

  public static TrainerConfig config(int epochs) {
    return TrainerConfig.builder().epochs(epochs).batchSize(16).threads(1).learningRate(0.01f).build();
  }

  public static Trainer.Builder trainer(TrainerConfig config, Path runDirectory) {
    return Trainer.builder().config(config).model(TestModels.mlp(3L)).loss(CrossEntropyLoss.create())
        .trainData(TestModels.clusters(200, 1, -1)).validationData(TestModels.clusters(64, 2, -1))
        .metrics(new Accuracy()).runDirectory(runDirectory).log(m -> { });
  }
}
