package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.AnnotationModel;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.rules.ConfigRules;

/**
 * Whether a declared schedule fits the training. In epochs the training length is known at compile time. In
 * optimizer steps it is not (it depends on the size of the data), but it has an upper bound: a dataset holds at
 * most {@link Integer#MAX_VALUE} samples, so an epoch has at most ceil(ceil(MAX_VALUE / batchSize) /
 * accumulationSteps) optimizer steps. A warm-up beyond epochs times that bound can never fit; any other
 * length in steps is left to the runtime's check when training starts, and a note says so.
 */
final class ScheduleLength {
  private final AnnotationModel schedule;
  private final int epochs;
  private final long warmup;
  private final boolean inEpochs;
  private final long maxStepsPerEpoch;

  ScheduleLength(Experiment experiment, AnnotationModel schedule) {
    AnnotationModel trainer = experiment.trainer();
    this.schedule = schedule;
    this.epochs = trainer.intValue("epochs");
    this.warmup = schedule.longValue("warmupSteps");
    this.inEpochs = schedule.stringValue("unit").equals("EPOCH");
    long batches = ceilDiv(Integer.MAX_VALUE, Math.max(1, trainer.intValue("batchSize")));
    this.maxStepsPerEpoch = ceilDiv(batches, Math.max(1, trainer.intValue("accumulationSteps")));
  }

  void check(Reporter reporter) {
    if (epochs < 1 || warmup < 0 || schedule.stringValue("type").equals("PLATEAU")) {
      return; // reported as out of range, or not a counted schedule
    }
    if (inEpochs) {
      checkInEpochs(reporter);
    } else {
      checkInSteps(reporter);
    }
  }

  private void checkInEpochs(Reporter reporter) {
    var problem = ConfigRules.checkWarmupFits(warmup, epochs, "epochs");
    if (problem.isPresent()) {
      reporter.report(Message.WARMUP_TOO_LONG, schedule.at("warmupSteps"), problem.get());
      return;
    }
    long remaining = epochs - warmup;
    String training = warmup == 0 ? epochs + " epochs" : remaining + " epochs after a warm-up of " + warmup;
    switch (schedule.stringValue("type")) {
      case "STEP" -> neverDecays("stepSize", schedule.longValue("stepSize"), remaining, training, reporter);
      case "MULTI_STEP" -> schedule.longs("milestones").stream().findFirst().ifPresent(first ->
          neverDecays("milestones", first, remaining, training, reporter));
      case "COSINE" -> {
        long tMax = schedule.longValue("tMax");
        if (tMax > remaining) {
          reporter.report(Message.SUSPICIOUS, schedule.at("tMax"), "tMax = " + tMax + " is longer than the training ("
              + training + "); the learning rate ends above minLearningRate");
        }
      }
      default -> { } // CONSTANT and EXPONENTIAL have no length
    }
  }

  private void neverDecays(String attribute, long length, long remaining, String training, Reporter reporter) {
    if (length >= remaining && length >= 1) {
      reporter.report(Message.SCHEDULE_TOO_LONG, schedule.at(attribute), attribute, length, training);
    }
  }

  private void checkInSteps(Reporter reporter) {
    if (warmup == 0) {
      return;
    }
    long bound = epochs * maxStepsPerEpoch;
    var problem = ConfigRules.checkWarmupFits(warmup, bound, "optimizer steps at most, even with 2^31 - 1 samples");
    if (problem.isPresent()) {
      reporter.report(Message.WARMUP_TOO_LONG, schedule.at("warmupSteps"), problem.get());
    } else {
      reporter.report(Message.CHECKED_AT_RUN_TIME, schedule.at("warmupSteps"), "warmupSteps", warmup,
          "optimizer steps");
    }
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
