package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.DeclaredSettings;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.rules.ConfigRules;
import dev.ortrain.settings.Setting;
import java.util.Locale;

/** Every numeric {@code @Trainer} setting against its rule, and the device name as the runtime reads it. */
final class TrainerValuesCheck implements Check {
  private static final String CUDA_PREFIX = "cuda:";
  /** More digits than any device id could have; a longer id is not a number the runtime reads. */
  private static final int MAX_ID_DIGITS = 9;

  @Override
  public void check(Experiment experiment, Reporter reporter) {
    DeclaredSettings trainer = experiment.trainer().settings();
    // In declaration order, so that diagnostics come out in a stable order; a sentinel that switches a
    // feature off (weightDecay = -1, clipGradNorm = 0, checkpointEvery = 0) is no value to check.
    for (Setting setting : DeclaredSettings.of(Setting.Owner.TRAINER)) {
      if (setting.rule().isPresent() && trainer.isSet(setting)) {
        Ranges.check(trainer, setting, reporter);
      }
    }
    checkDevice(experiment.trainer().device(), trainer, reporter);
  }

  /** As the runtime's {@code Device.parse}: "cpu", "cuda", "cuda:<id>" and "gpu", ignoring case and spaces. */
  private static void checkDevice(String device, DeclaredSettings trainer, Reporter reporter) {
    String normalized = device.trim().toLowerCase(Locale.ROOT);
    if (normalized.equals("cpu") || normalized.equals("cuda")) {
      return;
    }
    if (normalized.equals("gpu")) {
      reporter.report(Message.GPU_MEANS_CUDA, trainer.at(Setting.DEVICE), device);
      return;
    }
    if (!normalized.startsWith(CUDA_PREFIX)) {
      reporter.report(Message.BAD_DEVICE, trainer.at(Setting.DEVICE), device);
      return;
    }
    String id = normalized.substring(CUDA_PREFIX.length());
    if (!id.matches("-?\\d{1," + MAX_ID_DIGITS + "}")) {
      reporter.report(Message.BAD_DEVICE_ID, trainer.at(Setting.DEVICE), device, id);
      return;
    }
    Ranges.check(trainer, Setting.DEVICE, Long.parseLong(id), ConfigRules.DEVICE_ID, reporter);
  }
}
