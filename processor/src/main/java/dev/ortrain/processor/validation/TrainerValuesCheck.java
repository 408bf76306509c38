package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.AnnotationModel;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.rules.ConfigRules;
import dev.ortrain.rules.Range;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Every numeric {@code @Trainer} value against {@link ConfigRules}, and the device name. */
final class TrainerValuesCheck implements Check {
  /** Attributes whose every value is checked. */
  private static final Map<String, Range> ALWAYS = Map.ofEntries(
      Map.entry("epochs", ConfigRules.EPOCHS),
      Map.entry("batchSize", ConfigRules.BATCH_SIZE),
      Map.entry("threads", ConfigRules.THREADS),
      Map.entry("prefetch", ConfigRules.PREFETCH),
      Map.entry("learningRate", ConfigRules.LEARNING_RATE),
      Map.entry("beta1", ConfigRules.BETA1),
      Map.entry("beta2", ConfigRules.BETA2),
      Map.entry("epsilon", ConfigRules.EPSILON),
      Map.entry("momentum", ConfigRules.MOMENTUM),
      Map.entry("accumulationSteps", ConfigRules.ACCUMULATION_STEPS),
      Map.entry("validateEvery", ConfigRules.EVERY),
      Map.entry("validationBatches", ConfigRules.VALIDATION_BATCHES),
      Map.entry("validationFraction", ConfigRules.VALIDATION_FRACTION),
      Map.entry("keepLast", ConfigRules.KEEP_LAST),
      Map.entry("patience", ConfigRules.PATIENCE),
      Map.entry("minDelta", ConfigRules.MIN_DELTA),
      Map.entry("maxSkippedSteps", ConfigRules.MAX_SKIPPED));
  /** "cuda:1": the device id is checked against its own rule. */
  private static final Pattern CUDA = Pattern.compile("cuda:(\\d{1,9})");

  @Override
  public void check(Experiment experiment, Reporter reporter) {
    AnnotationModel trainer = experiment.trainer();
    // In the annotation's declaration order, so that diagnostics come out in a stable order.
    for (String attribute : trainer.settings().keySet()) {
      Range range = ALWAYS.get(attribute);
      if (range != null) {
        Ranges.check(trainer, attribute, range, reporter);
      }
    }
    // Sentinels that switch a feature off are not values to check.
    if (trainer.doubleValue("weightDecay") != -1) {
      Ranges.check(trainer, "weightDecay", ConfigRules.WEIGHT_DECAY, reporter);
    }
    if (trainer.doubleValue("clipGradNorm") != 0) {
      Ranges.check(trainer, "clipGradNorm", ConfigRules.CLIP_GRAD_NORM, reporter);
    }
    if (trainer.intValue("checkpointEvery") != 0) {
      Ranges.check(trainer, "checkpointEvery", ConfigRules.EVERY, reporter);
    }
    checkDevice(trainer, reporter);
  }

  private static void checkDevice(AnnotationModel trainer, Reporter reporter) {
    String device = trainer.stringValue("device");
    String normalized = device.trim().toLowerCase(Locale.ROOT);
    if (normalized.equals("cpu") || normalized.equals("cuda") || normalized.equals("gpu")) {
      return;
    }
    Matcher cuda = CUDA.matcher(normalized);
    if (cuda.matches()) {
      Ranges.check(trainer, "device", Long.parseLong(cuda.group(1)), ConfigRules.DEVICE_ID, reporter);
      return;
    }
    reporter.report(Message.BAD_DEVICE, trainer.at("device"), device);
  }
}
