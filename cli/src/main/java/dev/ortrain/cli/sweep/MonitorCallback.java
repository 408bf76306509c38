package dev.ortrain.cli.sweep;

import dev.ortrain.callbacks.Callback;
import dev.ortrain.callbacks.TrainingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tells a trial's monitor each epoch's metrics and stops the trial when the monitor asks. It runs before the
 * checkpoint callback, so a pruned trial's last checkpoint records the stop.
 */
public final class MonitorCallback implements Callback {
  private final Trial trial;
  private final TrialMonitor monitor;
  private String stopReason;

  public MonitorCallback(Trial trial, TrialMonitor monitor) {
    this.trial = trial;
    this.monitor = monitor;
  }

  @Override
  public void onEpochEnd(TrainingContext ctx) {
    List<Map<String, Double>> history = ctx.history();
    monitor.epochEnded(trial, ctx.epoch() + 1, history.get(history.size() - 1)).ifPresent(reason -> {
      stopReason = reason;
      ctx.stop(reason);
    });
  }

  @Override
  public void onTrainEnd(TrainingContext ctx) {
    monitor.trialEnded(trial, ctx.history());
  }

  /** Why the monitor stopped the trial, if it did. */
  public Optional<String> stopReason() {
    return Optional.ofNullable(stopReason);
  }

  @Override
  public int order() {
    return EARLY_STOPPING;
  }
}
