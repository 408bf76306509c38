package dev.ortrain.cli.sweep;

import java.util.Map;
import java.util.Optional;

/** A pruning rule: a monitor that learns from each finished trial. */
interface Pruner extends TrialMonitor {
  Pruner NEVER = new Pruner() {
    @Override
    public Optional<String> epochEnded(Trial trial, int epoch, Map<String, Double> metrics) {
      return Optional.empty();
    }

    @Override
    public void finished(TrialResult result) {}
  };

  /** A trial finished, in this run of the sweep or an earlier one. */
  void finished(TrialResult result);
}
