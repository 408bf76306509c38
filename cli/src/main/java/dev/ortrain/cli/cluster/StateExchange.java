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
  RUN_FOLDER
}
