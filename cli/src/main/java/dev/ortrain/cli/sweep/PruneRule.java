package dev.ortrain.cli.sweep;

/** How a sweep stops trials that are doing badly ({@code --prune}). */
public enum PruneRule {
  /** Every trial runs all its epochs. */
  NONE {
    @Override
    Pruner pruner(MonitoredMetric metric) {
      return Pruner.NEVER;
    }
  },
  /**
   * The median stopping rule: after each epoch e, a trial stops when its metric is worse than the median of the
   * completed trials' metric at epoch e, once {@value MedianStoppingRule#MIN_COMPLETED} trials have completed.
   */
  MEDIAN {
    @Override
    Pruner pruner(MonitoredMetric metric) {
      return new MedianStoppingRule(metric, MedianStoppingRule.MIN_COMPLETED);
    }
  };

  abstract Pruner pruner(MonitoredMetric metric);
}
