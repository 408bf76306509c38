package dev.ortrain.cli.sweep;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished trial: how it ended and its metrics per epoch (serializable, so that a worker can send it back).
 *
 * @param history one map of metrics per epoch trained, as the trainer's history has them
 * @param note why it stopped early or failed; empty when it completed all its epochs
 */
public record TrialResult(Trial trial, TrialStatus status, List<Map<String, Double>> history, String note)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public TrialResult {
    // each epoch's map copied into a serializable one, whatever map the trainer reported it in
    history = history.stream().map(epoch -> Collections.unmodifiableMap(new LinkedHashMap<>(epoch))).toList();
  }

  public static TrialResult failed(Trial trial, String why) {
    return new TrialResult(trial, TrialStatus.FAILED, List.of(), why);
  }
}
