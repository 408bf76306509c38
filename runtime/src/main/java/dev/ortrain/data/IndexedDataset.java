package dev.ortrain.data;

import java.util.List;

/** The samples of another dataset at chosen indices, in the given order; one array lookup per read. */
final class IndexedDataset implements Dataset {
  private final Dataset source;
  private final int[] indices;
  private final String description;

  /** {@code indices} is taken over, not copied; {@code description} names the selection in messages. */
  IndexedDataset(Dataset source, int[] indices, String description) {
    this.source = source;
    this.indices = indices;
    this.description = description;
  }

  @Override
  public int size() {
    return indices.length;
  }

  @Override
  public List<FieldSpec> fields() {
    return source.fields();
  }

  @Override
  public void read(int index, int field, FieldValues out) {
    source.read(indices[index], field, out);
  }

  @Override
  public String toString() {
    return description + " of " + source;
  }
}
