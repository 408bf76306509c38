package dev.ortrain.spark.parallel;

/**
 * How the workers of one run average their states: every worker gives its own and gets the mean over all of them,
 * summed in worker order in double ({@link Averaging#mean}), so that every exchange gives the same bits.
 */
@FunctionalInterface
interface Exchange {
  /** Blocks until every worker has given its state; the result is the same mean on every worker. */
  float[] mean(float[] mine);
}
