package dev.ortrain.data;

import java.util.List;

/**
 * A view that runs deterministic transforms (normalization, one-hot encoding, reshaping) on every read, so
 * every reader sees the same transformed samples: loaders, data checks and the identity a checkpoint records.
 */
final class TransformedDataset implements Dataset {
  private final Dataset source;
  private final FieldTransforms transforms;
  // One per thread: a context carries the sample it was moved to.
  private final ThreadLocal<SampleContext> context = ThreadLocal.withInitial(SampleContext::withoutRandomNumbers);

  TransformedDataset(Dataset source, List<Transform> transforms) {
    this.source = source;
    this.transforms = new FieldTransforms(source.fields(), transforms);
  }

  @Override
  public int size() {
    return source.size();
  }

  @Override
  public List<FieldSpec> fields() {
    return transforms.outputs();
  }

  @Override
  public void read(int index, int field, FieldValues out) {
    SampleContext sample = context.get();
    sample.moveTo(0, 0, index);
    transforms.read(source, index, field, out, sample, 0);
  }

  @Override
  public String toString() {
    return source + " transformed by " + transforms.transforms();
  }
}
