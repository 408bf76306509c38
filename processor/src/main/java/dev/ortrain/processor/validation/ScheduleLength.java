package dev.ortrain.processor.validation;

import dev.ortrain.processor.diagnostics.Message;
import dev.ortrain.processor.diagnostics.Reporter;
import dev.ortrain.processor.model.DeclaredSettings;
import dev.ortrain.processor.model.Experiment;
import dev.ortrain.processor.model.ScheduleAnnotation;
import dev.ortrain.processor.model.TrainerAnnotation;
import dev.ortrain.rules.ConfigRules;
import dev.ortrain.settings.Setting;

/**
 * Whether a declared schedule fits the training. In epochs the training length is known at compile time. In
 * optimizer steps it is not (it depends on the size of the data), but it has an upper bound: a dataset holds at
 * most {@link Integer#MAX_VALUE} samples, so an epoch has at most ceil(ceil(MAX_VALUE / batchSize) /
 * accumulationSteps) optimizer steps. A warm-up beyond epochs times that bound can never fit; any other
 * length in steps is left to the runtime's check when training starts, and a note says so.
 */
final class ScheduleLength {
  private final ScheduleAnnotation schedule;
  private final DeclaredSettings settings;
  private final int epochs;
  private final long warmup;
  private final long maxStepsPerEpoch;

  ScheduleLength(Experiment experiment, ScheduleAnnotation schedule) {
    TrainerAnnotation trainer = experiment.trainer();
    this.schedule = schedule;
    this.settings = schedule.settings();
    this.epochs = trainer.epochs();
    this.warmup = schedule.warmupSteps();
    long batches = ceilDiv(Integer.MAX_VALUE, Math.max(1, trainer.batchSize()));
    this.maxStepsPerEpoch = ceilDiv(batches, Math.max(1, trainer.accumulationSteps()));
  }

  void check(Reporter reporter) {
    boolean counted = switch (schedule.type()) {
      case CONSTANT, STEP, MULTI_STEP, EXPONENTIAL, COSINE -> true;
      case PLATEAU -> false; // steps after validations, not after a count of units
    };
    if (epochs < 1 || warmup < 0 || !counted) {
      return; // reported as out of range, or not a counted schedule
    }
    Runnable unitRules = switch (schedule.unit()) {
      case EPOCH -> () -> checkInEpochs(reporter);
      case STEP -> () -> checkInSteps(reporter);
    };
    unitRules.run();
  }

  private void checkInEpochs(Reporter reporter) {
    var problem = ConfigRules.checkWarmupFits(warmup, epochs, "epochs");
    if (problem.isPresent()) {
      reporter.report(Message.WARMUP_TOO_LONG, settings.at(Setting.WARMUP_STEPS), problem.get());
      return;
    }
    long remaining = epochs - warmup;
    String training = warmup == 0 ? epochs + " epochs" : remaining + " epochs after a warm-up of " + warmup;
    Runnable lengthRules = switch (schedule.type()) {
      case STEP -> () -> neverDecays(Setting.STEP_SIZE, schedule.stepSize(), remaining, training, reporter);
      case MULTI_STEP -> () -> schedule.milestones().stream().findFirst().ifPresent(first ->
          neverDecays(Setting.MILESTONES, first, remaining, training, reporter));
      case COSINE -> () -> {
        long tMax = schedule.tMax();
        if (tMax > remaining) {
          reporter.report(Message.SUSPICIOUS, settings.at(Setting.T_MAX), "tMax = " + tMax + " is longer than the"
              + " training (" + training + "); the learning rate ends above minLearningRate");
        }
      };
      case CONSTANT, EXPONENTIAL, PLATEAU -> () -> { }; // no length
    };
    lengthRules.run();
  }

  private void neverDecays(Setting setting, long length, long remaining, String training, Reporter reporter) {
    if (length >= remaining && length >= 1) {
      reporter.report(Message.SCHEDULE_TOO_LONG, settings.at(setting), setting.attribute(), length, training);
    }
  }

  private void checkInSteps(Reporter reporter) {
    if (warmup == 0) {
      return;
    }
    long bound = epochs * maxStepsPerEpoch;
    var problem = ConfigRules.checkWarmupFits(warmup, bound, "optimizer steps at most, even with 2^31 - 1 samples");
    if (problem.isPresent()) {
      reporter.report(Message.WARMUP_TOO_LONG, settings.at(Setting.WARMUP_STEPS), problem.get());
    } else {
      reporter.report(Message.CHECKED_AT_RUN_TIME, settings.at(Setting.WARMUP_STEPS), "warmupSteps", warmup,
          "optimizer steps");
    }
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
