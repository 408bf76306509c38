package dev.ortrain.cli;

import dev.ortrain.loop.TrainerConfig;

/** A configuration as a person reads it in {@code list}: one line of the settings that matter most. */
final class ConfigDescription {
  private ConfigDescription() {}

  static String keySettings(TrainerConfig config) {
    return "epochs " + config.epochs() + ", batchSize " + config.batchSize() + ", learningRate "
        + config.learningRate() + ", " + config.optimizer().describe() + ", seed " + config.seed() + ", device "
        + config.device();
  }
}
