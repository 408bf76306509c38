package dev.ortrain.loop;

import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.callbacks.Callback;
import dev.ortrain.data.Batch;
import dev.ortrain.metrics.MeanLoss;
import dev.ortrain.metrics.Metric;
import dev.ortrain.metrics.MetricCollection;
import dev.ortrain.metrics.Stage;
import dev.ortrain.schedule.Interval;
import dev.ortrain.session.StepResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The training loop proper. Per micro-batch: callbacks, train step (forward, loss, backward, accumulate),
 * finite check, metrics; at the end of each accumulation window: optimizer step (or skip), scheduler, gradient
 * reset, then step-based validation and requested checkpoints; at the end of each epoch: train metrics,
 * epoch-based validation, scheduler, history, callbacks. A checkpoint written between the epoch's last batch
 * and the recording of its end resumes at that point, so the end is recorded once.
 */
final class TrainingEpochs {
  private final RunState run;
  private final TrainerConfig config;
  private final TrainBatches batches;
  private final DevelopmentOptions development;
  private final MetricCollection trainMetrics;
  private final Consumer<String> log;

  TrainingEpochs(RunState run, TrainerConfig config, TrainBatches batches, DevelopmentOptions development,
      List<Metric> metrics, Consumer<String> log) {
    this.run = run;
    this.config = config;
    this.batches = batches;
    this.development = development;
    List<Metric> all = new ArrayList<>();
    all.add(new MeanLoss());
    all.addAll(metrics);
    this.trainMetrics = MetricCollection.of(Stage.TRAIN, all);
    this.log = log;
  }

  Map<String, Double> metricState() {
    return trainMetrics.state();
  }

  void restoreMetrics(Map<String, Double> state) {
    trainMetrics.restore(state);
  }

  /** Trains until the last epoch or a stop request; returns why it ended. */
  String run(Supplier<Map<String, Double>> validate, Function<String, Path> checkpoint) {
    int k = config.accumulationSteps();
    boolean predictionNeeded = trainMetrics.needsPrediction();
    while (run.epoch < development.epochs(config.epochs())) {
      int perEpoch = batches.perEpoch();
      if (run.batchInEpoch == 0) {
        trainMetrics.reset();
        each(c -> c.onEpochBegin(run));
      }
      boolean windowSkipped = false;
      // A checkpoint written after the epoch's last batch but before its end was recorded resumes with none.
      for (Batch batch : batches.rest(run.batchInEpoch)) {
        long start = System.nanoTime();
        each(c -> c.onBatchBegin(run));
        int windowStart = (run.batchInEpoch / k) * k;
        int windowSize = Math.min(k, perEpoch - windowStart);
        boolean windowEnd = run.batchInEpoch == windowStart + windowSize - 1;
        StepResult r = run.trainStep(batch, 1f / windowSize, predictionNeeded);
        boolean finite = Float.isFinite(r.loss()) && (!run.session.reportsGradNorm() || Float.isFinite(r.gradNorm()));
        if (finite) {
          trainMetrics.update(Targets.metricsBatch(batch, r));
        } else {
          windowSkipped = true;
          onNonFinite(r);
        }
        boolean stepped = false;
        if (windowEnd) {
          if (windowSkipped) {
            run.skippedSteps++;
            log.accept("Skipped optimizer step " + (run.globalStep + 1) + " (epoch " + (run.epoch + 1) + ", batch "
                + (run.batchInEpoch + 1) + "): non-finite loss or gradient; " + run.skippedSteps + " skipped so far");
          } else {
            run.session.optimizerStep();
            run.globalStep++;
            stepped = true;
            run.applySchedule(run.scheduler.afterOptimizerStep());
          }
          run.session.resetGradients(); // a skipped window's gradients are dropped here
          windowSkipped = false;
        }
        run.batchInEpoch++;
        BatchOutcome outcome = new BatchOutcome(r.loss(), r.gradNorm(), batch.size(), stepped, !finite,
            (System.nanoTime() - start) / 1e9);
        run.lastBatch = outcome;
        each(c -> c.onBatchEnd(run, outcome));
        if (windowEnd) {
          ValidationConfig v = config.validation();
          boolean due = v.unit() == Interval.STEP && stepped && run.globalStep % v.every() == 0;
          if (due || run.validationRequested) {
            run.validationRequested = false;
            validate.get();
          }
          if (run.checkpointRequested) {
            run.checkpointRequested = false;
            checkpoint.apply(String.format("requested-step-%08d", run.globalStep));
          }
        }
        if (run.stopRequested()) {
          return run.stopReason;
        }
      }
      batches.endEpoch(run.epoch);
      finishEpoch(validate, checkpoint);
      if (run.stopRequested()) {
        return run.stopReason;
      }
    }
    return FitResult.COMPLETED;
  }

  private void finishEpoch(Supplier<Map<String, Double>> validate, Function<String, Path> checkpoint) {
    Map<String, Double> record = new LinkedHashMap<>();
    record.put("epoch", (double) (run.epoch + 1));
    Map<String, Double> train = trainMetrics.results();
    run.latest.putAll(train);
    record.putAll(train);
    if (validationDueAtEpochEnd() || run.validationRequested) {
      run.validationRequested = false;
      record.putAll(validate.get());
    } else {
      run.latest.forEach((name, value) -> {
        if (name.startsWith(Stage.VALIDATION.prefix())) {
          record.put(name, value); // the latest step-based validation
        }
      });
    }
    record.put("lr", (double) run.learningRate); // the rate this epoch ended with, before the epoch tick
    run.applySchedule(run.scheduler.afterEpoch());
    run.history.add(record);
    run.epochRecorded = true;
    each(c -> c.onEpochEnd(run));
    if (run.checkpointRequested) {
      run.checkpointRequested = false;
      checkpoint.apply(String.format("requested-epoch-%04d", run.epoch + 1));
    }
    run.epoch++;
    run.batchInEpoch = 0;
    run.epochRecorded = false;
  }

  private boolean validationDueAtEpochEnd() {
    ValidationConfig v = config.validation();
    return v.unit() == Interval.EPOCH && (run.epoch + 1) % v.every() == 0 || development.validatesEveryEpoch();
  }

  private void onNonFinite(StepResult r) {
    String where = "epoch " + (run.epoch + 1) + ", batch " + (run.batchInEpoch + 1) + " of " + batches.perEpoch()
        + ", optimizer step " + (run.globalStep + 1) + ": loss " + r.loss() + ", gradient norm " + r.gradNorm();
    NanPolicy policy = config.nanPolicy();
    if (policy.action() == NanPolicy.Action.FAIL) {
      throw new TrainingDivergedException("Training diverged at " + where + ". Lower the learning rate, clip"
          + " gradients (clipGradNorm), check the data for NaN/Inf, or set NanPolicy.skip(n) to skip such steps.");
    }
    if (policy.maxSkipped() > 0 && run.skippedSteps >= policy.maxSkipped()) {
      throw new TrainingDivergedException("Training diverged at " + where + " after " + run.skippedSteps
          + " skipped steps, the most NanPolicy allows (" + policy.maxSkipped() + ")");
    }
  }

  private void each(Consumer<Callback> hook) {
    run.callbacks.forEach(hook);
  }
}
