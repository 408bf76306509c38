package dev.ortrain.data;

import java.util.ArrayList;
import java.util.List;

/** A view of a dataset with one field renamed; the samples are not copied. */
final class RenamedDataset implements Dataset {
  private final Dataset source;
  private final List<FieldSpec> fields;

  RenamedDataset(Dataset source, String from, String to) {
    this.source = source;
    int index = source.fieldIndex(from);
    if (!from.equals(to) && source.fieldNames().contains(to)) {
      throw new IllegalArgumentException("Cannot rename field '" + from + "' to '" + to
          + "': the dataset already has a field '" + to + "' (fields " + source.fieldNames() + ")");
    }
    List<FieldSpec> renamed = new ArrayList<>(source.fields());
    renamed.set(index, renamed.get(index).withName(to));
    this.fields = List.copyOf(renamed);
  }

  /** The dataset with the original name; its fields are in the same order. */
  Dataset source() {
    return source;
  }

  @Override
  public int size() {
    return source.size();
  }

  @Override
  public List<FieldSpec> fields() {
    return fields;
  }

  @Override
  public void read(int index, int field, FieldValues out) {
    source.read(index, field, out);
  }
}
