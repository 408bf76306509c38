package dev.ortrain.data;

import dev.ortrain.graph.TensorType;
import dev.ortrain.rules.ConfigRules;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Cuts a dataset into batches held in direct buffers that are allocated once and reused for every batch.
 * Optional: seeded shuffling (epoch e's order depends only on (seed, e)), transforms, dropping the final
 * partial batch, and a background thread that prepares the next batches while the current step runs.
 *
 * <pre>{@code
 * try (DataLoader train = DataLoader.builder(FashionMnist.load(dir, Split.TRAIN))
 *     .batchSize(64).shuffle(true).seed(42).prefetch(2)
 *     .transform(Transforms.normalize("image", FashionMnist.MEAN, FashionMnist.STD))
 *     .build()) {
 *   while (train.state().epoch() < epochs) {
 *     for (Batch batch : train.restOfEpoch()) {
 *       FloatBuffer images = batch.floats("image"); // [batch.size(), 1, 28, 28], valid until the next batch
 *     }
 *     save(train.state()); // resume later with restore(state)
 *   }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one training thread calls it. A returned {@link Batch} is valid until the next call to
 * {@link #next()}, {@link #restore} or {@link #close()}.
 */
public final class DataLoader implements AutoCloseable {
  /** Most batches that may be prepared ahead; more only costs memory. */
  public static final int MAX_PREFETCH = 64;

  private final TransformPipeline pipeline;
  private final EpochPlan plan;
  private final long seed;
  private final BatchAssembler assembler;
  private final BatchSlot directSlot; // without prefetch: the one slot filled on the caller's thread
  private final Prefetcher prefetcher; // with prefetch
  private final Cursor consumed;
  private boolean closed;

  private DataLoader(Builder b) {
    this.pipeline = new TransformPipeline(b.dataset.fields(), b.transforms);
    this.plan = new EpochPlan(b.dataset.size(), b.batchSize, b.dropLast);
    this.seed = b.seed;
    this.assembler = new BatchAssembler(b.dataset, pipeline, plan, b.shuffle, seed,
        b.augmentationSeed.orElse(seed), b.augment);
    this.prefetcher = b.prefetch > 0 ? new Prefetcher(assembler, pipeline.outputs(), plan, b.prefetch) : null;
    this.directSlot = b.prefetch > 0 ? null : new BatchSlot(pipeline.outputs(), b.batchSize);
    this.consumed = new Cursor(plan);
  }

  public static Builder builder(Dataset dataset) {
    return new Builder(dataset);
  }

  /** The fields of every batch: the dataset's fields after the transforms. */
  public List<FieldSpec> fields() {
    return pipeline.outputs();
  }

  public int batchSize() {
    return plan.batchSize();
  }

  public boolean dropLast() {
    return plan.dropLast();
  }

  /** Samples in the dataset. */
  public int datasetSize() {
    return plan.samples();
  }

  /** Batches in a whole epoch. */
  public int batchesPerEpoch() {
    return plan.batchesFrom(0);
  }

  /** Batches left in the current epoch. */
  public int remainingInEpoch() {
    return plan.batchesFrom(consumed.position());
  }

  /** Seed, epoch and position of the next batch {@link #next()} returns. */
  public LoaderState state() {
    return new LoaderState(seed, consumed.epoch(), consumed.position());
  }

  /**
   * Continues from a saved state: the following batches are exactly those a loader that had reached
   * {@code state} would have returned. Batches returned before are invalid from now on.
   */
  public void restore(LoaderState state) {
    checkOpen();
    if (state.seed() != seed) {
      throw new IllegalArgumentException("The loader state was saved with seed " + state.seed()
          + ", but this loader uses seed " + seed + "; build the loader with seed(" + state.seed()
          + ") to resume that run");
    }
    if (state.position() > plan.samples()) {
      throw new IllegalArgumentException("The loader state is at position " + state.position() + " of epoch "
          + state.epoch() + ", but the dataset has only " + plan.samples() + " samples; was it saved for another"
          + " dataset?");
    }
    if (prefetcher != null) {
      prefetcher.reset();
    }
    consumed.moveTo(state.epoch(), state.position());
  }

  /**
   * The next batch, continuing into the next epoch after the last one of the current epoch (see
   * {@link Batch#lastInEpoch()}). Fails with {@link DataLoadingException} when a read or transform fails,
   * also when that happened on the prefetch thread.
   */
  public Batch next() {
    checkOpen();
    BatchSlot slot;
    if (prefetcher != null) {
      slot = prefetcher.next(consumed);
      if (slot.batch.epoch() != consumed.epoch() || slot.batch.position() != consumed.position()) {
        throw new IllegalStateException("Prefetched " + slot.batch + " but the loader is at " + state()
            + "; this is a bug in ortrain's data loader");
      }
    } else {
      slot = directSlot;
      assembler.fill(slot, consumed.epoch(), consumed.position(), consumed.nextBatchSize());
    }
    consumed.advance(slot.batch.size());
    return slot.batch;
  }

  /** The batches left in the current epoch; once they are consumed, {@link #state()} is at the next epoch. */
  public Iterable<Batch> restOfEpoch() {
    return () -> {
      int epoch = consumed.epoch();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return !closed && consumed.epoch() == epoch;
        }

        @Override
        public Batch next() {
          if (!hasNext()) {
            throw new NoSuchElementException("Epoch " + epoch + " has no batches left");
          }
          return DataLoader.this.next();
        }
      };
    };
  }

  /**
   * Checks, before training starts, that the batches fit the model's declared inputs (type, per-sample
   * shape, fixed batch dimension); fails with every mismatch, naming the input, expected and actual types.
   */
  public void requireCompatibleWith(Map<String, TensorType> modelInputs) {
    InputCompatibility.require(fields(), plan, modelInputs);
  }

  /** Stops the prefetch thread (waiting until it has ended). Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (prefetcher != null) {
      prefetcher.reset();
    }
  }

  boolean prefetchThreadRunning() {
    return prefetcher != null && prefetcher.threadRunning();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("The data loader is closed");
    }
  }

  /** Configures a {@link DataLoader}; checks the combination in {@link #build()}. */
  public static final class Builder {
    private final Dataset dataset;
    private final List<Transform> transforms = new ArrayList<>();
    private int batchSize = 32;
    private boolean shuffle;
    private long seed;
    private OptionalLong augmentationSeed = OptionalLong.empty();
    private boolean dropLast;
    private int prefetch;
    private boolean augment = true;

    private Builder(Dataset dataset) {
      this.dataset = Objects.requireNonNull(dataset, "dataset");
    }

    /** Samples per batch (default 32). */
    public Builder batchSize(int size) {
      this.batchSize = ConfigRules.BATCH_SIZE.requireInt(size);
      return this;
    }

    /** Visit the samples in a new seeded order every epoch (default: dataset order). */
    public Builder shuffle(boolean on) {
      this.shuffle = on;
      return this;
    }

    /** Seed of the shuffle order and of random transforms (default 0). */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * Seed of random transforms and augmented views alone, the shuffle order keeping {@link #seed} (default: that
     * seed): so that data-parallel workers augment differently from one seed.
     */
    public Builder augmentationSeed(long value) {
      this.augmentationSeed = OptionalLong.of(value);
      return this;
    }

    /** Skip the final batch of an epoch when it would hold fewer than batchSize samples (default: keep it). */
    public Builder dropLast(boolean on) {
      this.dropLast = on;
      return this;
    }

    /** Prepare up to {@code batches} batches ahead on a background thread (default 0: on the caller's thread). */
    public Builder prefetch(int batches) {
      if (batches < 0 || batches > MAX_PREFETCH) { // the upper bound is ConfigRules.PREFETCH's too
        throw new IllegalArgumentException("prefetch = " + batches + " is out of range; allowed: [0, " + MAX_PREFETCH
            + "] (batches prepared ahead; 0 = none, 2 is usually enough)");
      }
      this.prefetch = batches;
      return this;
    }

    /**
     * Whether the random transforms of {@link Dataset#augmented} views run while this loader assembles batches
     * (default on); validation and test loaders turn them off, so data held out of an augmented set is
     * evaluated as it is.
     */
    public Builder augment(boolean on) {
      this.augment = on;
      return this;
    }

    /** Adds a transform; transforms run in the order they were added. */
    public Builder transform(Transform transform) {
      transforms.add(Objects.requireNonNull(transform, "transform"));
      return this;
    }

    public DataLoader build() {
      int size = dataset.size();
      if (size == 0) {
        throw new IllegalArgumentException("The dataset " + dataset + " is empty; a loader needs at least one sample"
            + " (check the file or split it was loaded from)");
      }
      if (dropLast && batchSize > size) {
        throw new IllegalArgumentException("batchSize = " + batchSize + " is larger than the dataset (" + size
            + " samples) and dropLast is on, so an epoch would have no batch; lower batchSize to at most " + size
            + " or turn dropLast off");
      }
      return new DataLoader(this);
    }
  }
}
