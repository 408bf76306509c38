package dev.ortrain.cli.sweep;

/**
 * A row of the results: a configuration's monitored metric over the seeds that finished.
 *
 * @param seedsFinished how many of its seeds finished (pruned ones included)
 * @param last the metric at each seed's last epoch
 * @param best each seed's best value of the metric over its epochs
 * @param note why a seed failed, or empty
 */
public record ConfigurationResult(Configuration configuration, int seedsFinished, Spread last, Spread best,
    ConfigurationStatus status, String note) {}
