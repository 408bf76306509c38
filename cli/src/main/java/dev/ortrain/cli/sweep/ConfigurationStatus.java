package dev.ortrain.cli.sweep;

import java.util.List;

/** How a configuration's trials, over its seeds, ended. */
public enum ConfigurationStatus {
  /** Every seed completed. */
  COMPLETED,
  /** At least one seed was pruned (and none failed). */
  PRUNED,
  /** At least one seed failed. */
  FAILED,
  /** Some seeds have not finished yet. */
  UNFINISHED;

  static ConfigurationStatus of(List<TrialResult> results, int seeds) {
    if (results.stream().anyMatch(r -> r.status() == TrialStatus.FAILED)) {
      return FAILED;
    }
    if (results.size() < seeds) {
      return UNFINISHED;
    }
    return results.stream().anyMatch(r -> r.status() == TrialStatus.PRUNED) ? PRUNED : COMPLETED;
  }

  /** As the tables write it. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
