package dev.ortrain.cli.sweep;

import java.util.List;
import java.util.Map;

/**
 * A finished trial: how it ended and its metrics per epoch.
 *
 * @param history one map of metrics per epoch trained, as the trainer's history has them
 * @param note why it stopped early or failed; empty when it completed all its epochs
 */
public record TrialResult(Trial trial, TrialStatus status, List<Map<String, Double>> history, String note) {
  public TrialResult {
    history = List.copyOf(history);
  }

  public static TrialResult failed(Trial trial, String why) {
    return new TrialResult(trial, TrialStatus.FAILED, List.of(), why);
  }
}
