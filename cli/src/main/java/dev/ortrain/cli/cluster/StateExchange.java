package dev.ortrain.cli.cluster;

/** How data-parallel workers share their states at each averaging round ({@code --exchange}). */
public enum StateExchange {
  /** Through the barrier stage's all-gather, relayed by Spark's driver; needs nothing but Spark. */
  BARRIER,
  /**
   * Through files in the run folder, which every worker reaches already: no wait on the barrier's polling, but the
   * file system must show one worker's new file to the others promptly (a local disk, or a cluster file system
   * without long attribute caching).
   */
  RUN_FOLDER,
  /**
   * A Spark job per round: each worker's task returns its state, the job tree-aggregates them, and the driver
   * broadcasts their mean to the next round's tasks; each worker stays open in its executor between jobs. The
   * driver receives N states and sends one per round, where the barrier relays N x N.
   */
  TREE
}
