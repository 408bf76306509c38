package dev.ortrain.data;

import java.util.List;

/**
 * Fills batch slots: visits samples in epoch order, reads their fields, runs the transforms and writes the
 * results into the slot's buffers. Owns all scratch memory, allocated once, so filling allocates nothing.
 * Used by one thread at a time (the caller, or the prefetch thread).
 */
final class BatchAssembler {
  private final Dataset dataset;
  private final TransformPipeline pipeline;
  private final EpochOrder order;
  private final EpochPlan plan;
  private final long augmentationSeed;
  private final FieldValues[] read;
  private final FieldValues[] stageOutputs;
  private final FieldValues[] current;
  private final SampleContext context = new SampleContext();
  private final InMemoryColumns columns; // null unless batches can be copied straight from arrays
  private final boolean augment;

  /**
   * The arrays behind a dataset held in memory (an {@link ArrayDataset}, possibly sliced or renamed) and the
   * sample of theirs that is the dataset's sample 0.
   */
  private record InMemoryColumns(Object[] arrays, int offset) {
    static InMemoryColumns of(Dataset dataset) {
      if (dataset instanceof ArrayDataset a) {
        Object[] arrays = new Object[a.fields().size()];
        for (int f = 0; f < arrays.length; f++) {
          arrays[f] = a.column(f);
        }
        return new InMemoryColumns(arrays, 0);
      }
      if (dataset instanceof RenamedDataset r) {
        return of(r.source());
      }
      if (dataset instanceof SlicedDataset s) {
        InMemoryColumns inner = of(s.source());
        return inner == null ? null : new InMemoryColumns(inner.arrays, inner.offset + s.from());
      }
      return null;
    }
  }

  /**
   * @param seed the shuffle order's
   * @param augmentationSeed random transforms' and augmented views'
   */
  BatchAssembler(Dataset dataset, TransformPipeline pipeline, EpochPlan plan, boolean shuffle, long seed,
      long augmentationSeed, boolean augment) {
    this.dataset = dataset;
    this.augment = augment;
    this.pipeline = pipeline;
    this.plan = plan;
    this.augmentationSeed = augmentationSeed;
    this.order = new EpochOrder(dataset.size(), shuffle, seed);
    List<FieldSpec> inputs = pipeline.inputs();
    this.read = new FieldValues[inputs.size()];
    for (int f = 0; f < read.length; f++) {
      read[f] = new FieldValues(inputs.get(f));
    }
    this.stageOutputs = new FieldValues[pipeline.stageCount()];
    for (int t = 0; t < stageOutputs.length; t++) {
      stageOutputs[t] = new FieldValues(pipeline.outputOf(t));
    }
    this.current = new FieldValues[read.length];
    // Without transforms, a batch of an in-memory dataset is a gather of array ranges: copied straight into
    // the batch's buffer, consecutive samples in one copy, with no per-sample staging copy.
    this.columns = pipeline.stageCount() == 0 ? InMemoryColumns.of(dataset) : null;
  }

  /** Fills {@code slot} with the batch of {@code size} samples at {@code position} of {@code epoch}. */
  void fill(BatchSlot slot, int epoch, int position, int size) {
    boolean last = plan.epochEndsAt(position + size);
    slot.prepare(size, epoch, position, position / plan.batchSize(), last);
    if (columns != null) {
      copyRuns(slot, epoch, position, size);
      return;
    }
    SampleContext outer = augment ? context.startAssembling() : SampleContext.suspendAssembling();
    try {
      for (int row = 0; row < size; row++) {
        int index = order.sampleAt(epoch, position + row);
        assemble(index, epoch);
        slot.put(row, current);
      }
    } finally {
      SampleContext.stopAssembling(outer);
    }
  }

  /** Copies the batch from the in-memory arrays, one copy per field for each run of consecutive samples. */
  private void copyRuns(BatchSlot slot, int epoch, int position, int size) {
    int row = 0;
    while (row < size) {
      int first = order.sampleAt(epoch, position + row);
      int count = 1;
      while (row + count < size && order.sampleAt(epoch, position + row + count) == first + count) {
        count++;
      }
      for (int f = 0; f < columns.arrays().length; f++) {
        slot.putRows(row, f, columns.arrays()[f], columns.offset() + first, count);
      }
      row += count;
    }
  }

  private void assemble(int index, int epoch) {
    int stage = -1;
    try {
      context.moveTo(augmentationSeed, epoch, index); // before reading: augmented views draw from it
      for (int f = 0; f < read.length; f++) {
        dataset.read(index, f, read[f]);
        current[f] = read[f];
      }
      for (stage = 0; stage < stageOutputs.length; stage++) {
        int f = pipeline.fieldOf(stage);
        context.startTransform(stage);
        pipeline.transform(stage).apply(current[f], stageOutputs[stage], context);
        current[f] = stageOutputs[stage];
      }
    } catch (RuntimeException e) {
      String step = stage < 0 ? "reading it from " + dataset : "transform " + pipeline.transform(stage);
      throw new DataLoadingException("Sample " + index + " (epoch " + epoch + "): " + step + " failed: " + e, e);
    }
  }
}
