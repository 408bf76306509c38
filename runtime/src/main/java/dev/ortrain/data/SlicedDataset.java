package dev.ortrain.data;

import java.util.List;

/** Samples {@code from} (inclusive) to {@code to} (exclusive) of another dataset, e.g. a hold-out split. */
final class SlicedDataset implements Dataset {
  private final Dataset source;
  private final int from;
  private final int to;

  SlicedDataset(Dataset source, int from, int to) {
    if (from < 0 || to > source.size() || from >= to) {
      throw new IllegalArgumentException("Cannot take samples [" + from + ", " + to + ") of a dataset of "
          + source.size() + " samples; use 0 <= from < to <= " + source.size());
    }
    this.source = source;
    this.from = from;
    this.to = to;
  }

  /** The dataset this is a slice of, and where the slice starts in it. */
  Dataset source() {
    return source;
  }

  int from() {
    return from;
  }

  @Override
  public int size() {
    return to - from;
  }

  @Override
  public List<FieldSpec> fields() {
    return source.fields();
  }

  @Override
  public void read(int index, int field, FieldValues out) {
    source.read(from + index, field, out);
  }

  @Override
  public String toString() {
    return "samples [" + from + ", " + to + ") of " + source;
  }
}
