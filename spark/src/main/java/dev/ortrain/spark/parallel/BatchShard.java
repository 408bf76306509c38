package dev.ortrain.spark.parallel;

import dev.ortrain.data.Dataset;
import dev.ortrain.data.FieldSpec;
import dev.ortrain.data.FieldValues;
import java.util.List;

/**
 * Worker {@code worker}'s part of the training data: of each run of {@code workers x batchSize} consecutive samples,
 * the {@code worker}-th slice of {@code batchSize}. So that, unshuffled, the workers' t-th batches together are the
 * t-th batch of one worker at {@code workers x batchSize}; every worker has as many samples, the samples after the
 * last whole run left out (fewer than {@code workers x batchSize}).
 */
final class BatchShard implements Dataset {
  private final Dataset source;
  private final int worker;
  private final int workers;
  private final int batchSize;
  private final int size;

  BatchShard(Dataset source, int worker, int workers, int batchSize) {
    int runs = source.size() / (workers * batchSize);
    if (runs == 0) {
      throw new IllegalArgumentException("The training data has " + source.size() + " samples, fewer than one batch"
          + " of " + batchSize + " for each of " + workers + " workers: give fewer workers or a smaller batchSize");
    }
    this.source = source;
    this.worker = worker;
    this.workers = workers;
    this.batchSize = batchSize;
    this.size = runs * batchSize;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public List<FieldSpec> fields() {
    return source.fields();
  }

  @Override
  public void read(int index, int field, FieldValues out) {
    source.read(sourceIndex(index), field, out);
  }

  int sourceIndex(int index) {
    int run = index / batchSize;
    return (run * workers + worker) * batchSize + index % batchSize;
  }

  @Override
  public String toString() {
    return "shard " + worker + " of " + workers + " (batches of " + batchSize + ") of " + source;
  }
}
