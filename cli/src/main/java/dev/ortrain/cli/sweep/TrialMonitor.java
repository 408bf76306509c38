package dev.ortrain.cli.sweep;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Watches each trial's epochs as they end and may ask a trial to stop. Called from the trials' threads. */
public interface TrialMonitor {
  /**
   * @param epoch counted from 1
   * @param metrics the epoch's metrics ({@code train_loss}, {@code val_loss}, ...)
   * @return why the trial should stop now, or empty to let it go on
   */
  Optional<String> epochEnded(Trial trial, int epoch, Map<String, Double> metrics);

  /** After the trial's last epoch, with one map of metrics per epoch. */
  default void trialEnded(Trial trial, List<Map<String, Double>> history) {}
}
