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
  private final long seed;
  private final FieldValues[] read;
  private final FieldValues[] stageOutputs;
  private final FieldValues[] current;
  private final SampleContext context = new SampleContext();

  BatchAssembler(Dataset dataset, TransformPipeline pipeline, EpochPlan plan, boolean shuffle, long seed) {
    this.dataset = dataset;
    this.pipeline = pipeline;
    this.plan = plan;
    this.seed = seed;
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
  }

  /** Fills {@code slot} with the batch of {@code size} samples at {@code position} of {@code epoch}. */
  void fill(BatchSlot slot, int epoch, int position, int size) {
    boolean last = plan.epochEndsAt(position + size);
    slot.prepare(size, epoch, position, position / plan.batchSize(), last);
    for (int row = 0; row < size; row++) {
      int index = order.sampleAt(epoch, position + row);
      assemble(index, epoch);
      slot.put(row, current);
    }
  }

  private void assemble(int index, int epoch) {
    int stage = -1;
    try {
      for (int f = 0; f < read.length; f++) {
        dataset.read(index, f, read[f]);
        current[f] = read[f];
      }
      context.moveTo(seed, epoch, index);
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
