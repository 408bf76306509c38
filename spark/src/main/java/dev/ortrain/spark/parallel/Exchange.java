package dev.ortrain.spark.parallel;

import java.util.List;

/** How the workers of one run share their states: every worker gives its own and gets all, in worker order. */
@FunctionalInterface
interface Exchange {
  /** Blocks until every worker has given its state; the result is the same list on every worker. */
  List<float[]> allGather(float[] mine);
}
