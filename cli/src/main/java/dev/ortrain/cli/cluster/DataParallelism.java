package dev.ortrain.cli.cluster;

import java.io.Serializable;

/**
 * How one run trains data-parallel: {@code workers} tasks, each on its shard of the training data, whose parameters
 * and optimizer state are averaged every {@code averageEvery} optimizer steps and at the end of each epoch.
 *
 * @param coresPerWorker the cores Spark reserves for each worker's task, as many as its ONNX Runtime threads
 * @param exchange how the workers share their states
 */
public record DataParallelism(int workers, int averageEvery, int coresPerWorker, StateExchange exchange)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public DataParallelism {
    java.util.Objects.requireNonNull(exchange, "exchange");
    if (workers < 1) {
      throw new IllegalArgumentException("--workers " + workers + ": give at least 1 worker");
    }
    if (averageEvery < 1) {
      throw new IllegalArgumentException("--average-every " + averageEvery + ": give at least 1 optimizer step"
          + " (1 averages after every step)");
    }
    if (coresPerWorker < 1) {
      throw new IllegalArgumentException("threads=" + coresPerWorker + " per worker on Spark: give at least 1 (0, one"
          + " per processor, does not say how many cores to reserve)");
    }
  }
}
