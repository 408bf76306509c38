package dev.ortrain.loop;

import dev.ortrain.callbacks.BatchOutcome;
import dev.ortrain.data.Batch;
import dev.ortrain.metrics.MetricCollection;
import dev.ortrain.schedule.Interval;
import dev.ortrain.session.StepResult;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Trains an epoch's micro-batches. Each one: callbacks, the train step (forward, loss, backward, accumulation),
 * the finite check and the metrics. At the end of each accumulation window: the optimizer step (or its skip,
 * when a micro-batch was not finite), the schedule's step tick and the gradient reset; after the batch's
 * callbacks, the step-based validation and a requested checkpoint.
 */
final class OptimizerSteps {
  private final RunState run;
  private final TrainBatches batches;
  private final AccumulationWindows windows;
  private final MetricCollection trainMetrics;
  private final boolean predictionNeeded;
  private final NanPolicy nanPolicy;
  private final ValidationConfig validation;
  private final Supplier<Map<String, Double>> validate;
  private final TrainerCheckpoints checkpoints;
  private final Consumer<String> log;
  /** Whether a micro-batch of the current window was not finite, so that the window's step is skipped. */
  private boolean windowNotFinite;

  OptimizerSteps(RunState run, TrainBatches batches, AccumulationWindows windows, MetricCollection trainMetrics,
      TrainerConfig config, Supplier<Map<String, Double>> validate, TrainerCheckpoints checkpoints,
      Consumer<String> log) {
    this.run = run;
    this.batches = batches;
    this.windows = windows;
    this.trainMetrics = trainMetrics;
    this.predictionNeeded = trainMetrics.needsPrediction();
    this.nanPolicy = config.nanPolicy();
    this.validation = config.validation();
    this.validate = validate;
    this.checkpoints = checkpoints;
    this.log = log;
  }

  /** Trains the current epoch's remaining batches; false when a stop request ended it after a batch. */
  boolean trainRestOfEpoch() {
    windowNotFinite = false;
    for (Batch batch : batches.rest(run.progress().batchInEpoch())) {
      trainBatch(batch);
      if (run.stopRequested()) {
        return false;
      }
    }
    return true;
  }

  private void trainBatch(Batch batch) {
    long start = System.nanoTime();
    run.callbacks.forEach(c -> c.onBatchBegin(run));
    int index = run.progress().batchInEpoch();
    AccumulationWindow window = windows.containing(index);
    StepResult r = run.trainStep(batch, window.lossScale(), predictionNeeded);
    boolean finite = isFinite(r);
    if (finite) {
      trainMetrics.update(Targets.metricsBatch(batch, r));
    } else {
      windowNotFinite = true;
      applyNanPolicy(r);
    }
    boolean windowEnds = window.endsWith(index);
    boolean stepped = windowEnds && endWindow();
    run.advance(Progress::batchDone);
    BatchOutcome outcome = new BatchOutcome(r.loss(), r.gradNorm(), batch.size(), stepped, !finite,
        (System.nanoTime() - start) / 1e9);
    run.lastBatch = outcome;
    run.callbacks.forEach(c -> c.onBatchEnd(run, outcome));
    if (windowEnds) {
      afterStep(stepped);
    }
  }

  private boolean isFinite(StepResult r) {
    return Float.isFinite(r.loss()) && (!run.session.reportsGradNorm() || Float.isFinite(r.gradNorm()));
  }

  /** The optimizer step, or its skip after a non-finite micro-batch; true when it stepped. */
  private boolean endWindow() {
    boolean step = !windowNotFinite;
    if (step) {
      run.session.optimizerStep();
      run.advance(Progress::stepDone);
      run.applySchedule(run.scheduler.afterOptimizerStep());
    } else {
      run.advance(Progress::stepSkipped);
      Progress at = run.progress();
      log.accept("Skipped optimizer step " + (at.globalStep() + 1) + " (epoch " + (at.epoch() + 1) + ", batch "
          + (at.batchInEpoch() + 1) + "): non-finite loss or gradient; " + at.skippedSteps() + " skipped so far");
    }
    run.session.resetGradients(); // a skipped window's gradients are dropped here
    windowNotFinite = false;
    return step;
  }

  private void afterStep(boolean stepped) {
    boolean due = validation.unit() == Interval.STEP && stepped
        && run.progress().globalStep() % validation.every() == 0;
    boolean requested = run.takeValidationRequest();
    if (due || requested) {
      validate.get();
    }
    if (run.takeCheckpointRequest()) {
      checkpoints.save(String.format("requested-step-%08d", run.progress().globalStep()));
    }
  }

  /** Fails, or tolerates the skip the window's end will make, as the policy says. */
  private void applyNanPolicy(StepResult r) {
    Progress at = run.progress();
    String where = "epoch " + (at.epoch() + 1) + ", batch " + (at.batchInEpoch() + 1) + " of " + batches.perEpoch()
        + ", optimizer step " + (at.globalStep() + 1) + ": loss " + r.loss() + ", gradient norm " + r.gradNorm();
    if (nanPolicy.action() == NanPolicy.Action.FAIL) {
      throw new TrainingDivergedException("Training diverged at " + where + ". Lower the learning rate, clip"
          + " gradients (clipGradNorm), check the data for NaN/Inf, or set NanPolicy.skip(n) to skip such steps.");
    }
    if (nanPolicy.maxSkipped() > 0 && at.skippedSteps() >= nanPolicy.maxSkipped()) {
      throw new TrainingDivergedException("Training diverged at " + where + " after " + at.skippedSteps()
          + " skipped steps, the most NanPolicy allows (" + nanPolicy.maxSkipped() + ")");
    }
  }
}
