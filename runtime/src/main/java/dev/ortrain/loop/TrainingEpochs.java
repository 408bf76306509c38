package dev.ortrain.loop;

import dev.ortrain.metrics.MetricCollection;

/**
 * The fit loop: epoch after epoch until the last one or a stop. An epoch begins (training metrics reset,
 * callbacks) unless it resumes partway, trains its remaining batches ({@link OptimizerSteps}), and ends
 * ({@link EpochEnd}). A checkpoint written after an epoch's last batch but before its end was recorded resumes
 * with no batch left, so the end is recorded once.
 */
final class TrainingEpochs {
  private final RunState run;
  private final TrainBatches batches;
  private final MetricCollection trainMetrics;
  private final OptimizerSteps steps;
  private final EpochEnd end;

  TrainingEpochs(RunState run, TrainBatches batches, MetricCollection trainMetrics, OptimizerSteps steps,
      EpochEnd end) {
    this.run = run;
    this.batches = batches;
    this.trainMetrics = trainMetrics;
    this.steps = steps;
    this.end = end;
  }

  /** Trains until the last epoch or a stop request; returns why it ended. */
  String run() {
    while (!done()) {
      if (!advance()) {
        return run.stopReason().orElseThrow();
      }
    }
    return FitResult.COMPLETED;
  }

  private boolean done() {
    return run.progress().epoch() >= run.epochs();
  }

  /** Runs the current epoch, or what is left of it; false when a stop request ended it. */
  private boolean advance() {
    if (run.progress().atEpochStart()) {
      trainMetrics.reset();
      run.callbacks.forEach(c -> c.onEpochBegin(run));
    }
    if (!steps.trainRestOfEpoch()) {
      return false;
    }
    batches.endEpoch(run.progress().epoch());
    end.record();
    return !run.stopRequested();
  }
}
