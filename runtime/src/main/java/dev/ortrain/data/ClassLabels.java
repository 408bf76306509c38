package dev.ortrain.data;

import java.util.Arrays;

/**
 * The class of every sample, read from an int64 field with one value per sample, and the samples of each
 * class: what a stratified hold-out needs. Classes are the distinct label values in ascending order.
 */
final class ClassLabels {
  private final long[] classes;
  private final int[][] members;

  private ClassLabels(long[] classes, int[][] members) {
    this.classes = classes;
    this.members = members;
  }

  /** Reads field {@code field} of every sample; fails when it is missing or does not hold one class index. */
  static ClassLabels read(Dataset data, String field) {
    int index = requireLabelField(data, field);
    long[] labels = new long[data.size()];
    FieldValues value = new FieldValues(data.fields().get(index));
    for (int i = 0; i < labels.length; i++) {
      data.read(i, index, value);
      labels[i] = value.longs()[0];
    }
    return of(labels);
  }

  /** Groups samples 0, 1, ... by their label, each class's samples in ascending order. */
  static ClassLabels of(long[] labels) {
    long[] classes = Arrays.stream(labels).distinct().sorted().toArray();
    int[] classOf = new int[labels.length];
    int[] counts = new int[classes.length];
    for (int i = 0; i < labels.length; i++) {
      classOf[i] = Arrays.binarySearch(classes, labels[i]);
      counts[classOf[i]]++;
    }
    int[][] members = new int[classes.length][];
    for (int c = 0; c < classes.length; c++) {
      members[c] = new int[counts[c]];
    }
    int[] filled = new int[classes.length];
    for (int i = 0; i < labels.length; i++) {
      members[classOf[i]][filled[classOf[i]]++] = i;
    }
    return new ClassLabels(classes, members);
  }

  private static int requireLabelField(Dataset data, String field) {
    if (!data.fieldNames().contains(field)) {
      throw new IllegalArgumentException("stratifiedBy(\"" + field + "\"): the dataset has no field '" + field
          + "'; its fields are " + data.fieldNames() + ". Name the field that holds the class index.");
    }
    int index = data.fieldIndex(field);
    FieldSpec spec = data.fields().get(index);
    if (spec.isFloat()) {
      throw new IllegalArgumentException("stratifiedBy(\"" + field + "\"): field '" + field + "' holds float values ("
          + spec + "), not class indices; stratify by an int64 class field, or hold out without stratifiedBy"
          + " (a regression target has no classes to keep in proportion)");
    }
    if (spec.elementCount() != 1) {
      throw new IllegalArgumentException("stratifiedBy(\"" + field + "\"): field '" + field + "' holds "
          + spec.elementCount() + " values per sample (" + spec + "); stratify by a field with one class index"
          + " per sample");
    }
    return index;
  }

  int classCount() {
    return classes.length;
  }

  /** The label value of class number {@code c}. */
  long label(int c) {
    return classes[c];
  }

  /** The samples of class number {@code c}, ascending; the caller may reorder this copy. */
  int[] members(int c) {
    return members[c].clone();
  }

  int classSize(int c) {
    return members[c].length;
  }

  int samples() {
    int n = 0;
    for (int[] m : members) {
      n += m.length;
    }
    return n;
  }
}
