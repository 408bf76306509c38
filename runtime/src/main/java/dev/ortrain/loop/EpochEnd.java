package dev.ortrain.loop;

import dev.ortrain.metrics.MetricCollection;
import dev.ortrain.metrics.Stage;
import dev.ortrain.schedule.Interval;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Ends an epoch whose batches are done: its metrics row (training metrics, a validation when one is due or
 * requested, else the latest step-based one, and the learning rate the epoch ended with), the schedule's epoch
 * tick, the history, the callbacks and a requested checkpoint; then the progress moves to the next epoch.
 */
final class EpochEnd {
  private final RunState run;
  private final MetricCollection trainMetrics;
  private final ValidationConfig validation;
  private final boolean validatesEveryEpoch;
  private final Supplier<Map<String, Double>> validate;
  private final TrainerCheckpoints checkpoints;

  EpochEnd(RunState run, MetricCollection trainMetrics, TrainerConfig config, DevelopmentOptions development,
      Supplier<Map<String, Double>> validate, TrainerCheckpoints checkpoints) {
    this.run = run;
    this.trainMetrics = trainMetrics;
    this.validation = config.validation();
    this.validatesEveryEpoch = development.validatesEveryEpoch();
    this.validate = validate;
    this.checkpoints = checkpoints;
  }

  void record() {
    int epoch = run.progress().epoch();
    Map<String, Double> row = new LinkedHashMap<>();
    row.put("epoch", (double) (epoch + 1));
    Map<String, Double> train = trainMetrics.results();
    run.latest.putAll(train);
    row.putAll(train);
    row.putAll(validationMetrics(epoch));
    row.put("lr", (double) run.learningRate); // the rate this epoch ended with, before the epoch tick
    run.applySchedule(run.scheduler.afterEpoch());
    run.history.add(row);
    run.advance(Progress::epochEndRecorded);
    run.callbacks.forEach(c -> c.onEpochEnd(run));
    if (run.takeCheckpointRequest()) {
      checkpoints.save(String.format("requested-epoch-%04d", epoch + 1));
    }
    run.advance(Progress::epochDone);
  }

  /** A validation's metrics when one is due or requested now, else those of the latest step-based validation. */
  private Map<String, Double> validationMetrics(int epoch) {
    boolean requested = run.takeValidationRequest();
    if (validationDue(epoch) || requested) {
      return validate.get();
    }
    Map<String, Double> latest = new LinkedHashMap<>();
    run.latest.forEach((name, value) -> {
      if (name.startsWith(Stage.VALIDATION.prefix())) {
        latest.put(name, value);
      }
    });
    return latest;
  }

  private boolean validationDue(int epoch) {
    return validation.unit() == Interval.EPOCH && (epoch + 1) % validation.every() == 0 || validatesEveryEpoch;
  }
}
