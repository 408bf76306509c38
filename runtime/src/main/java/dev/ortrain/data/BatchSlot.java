package dev.ortrain.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The direct memory of one batch, allocated once for the full batch size and refilled for every batch that
 * goes through this slot. A smaller final batch uses views over the start of the same memory; those views
 * are made the first time that size is seen, then kept.
 */
final class BatchSlot {
  private final List<FieldSpec> specs;
  private final ByteBuffer[] memory;
  private final FloatBuffer[] floatWriters; // whole-slot views used for writing, never handed out
  private final LongBuffer[] longWriters;
  private final int[] elements;
  private final int capacity;
  private final List<BatchField> fullFields;
  private List<BatchField> partialFields;
  private int partialSize = -1;
  final Batch batch = new Batch();

  BatchSlot(List<FieldSpec> specs, int batchSize) {
    this.specs = List.copyOf(specs);
    this.capacity = batchSize;
    int n = specs.size();
    this.memory = new ByteBuffer[n];
    this.floatWriters = new FloatBuffer[n];
    this.longWriters = new LongBuffer[n];
    this.elements = new int[n];
    for (int f = 0; f < n; f++) {
      FieldSpec spec = specs.get(f);
      elements[f] = spec.elementCount();
      long bytes = (long) batchSize * elements[f] * spec.dataType().byteSize();
      if (bytes > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("A batch of " + batchSize + " samples of field " + spec + " needs " + bytes
            + " bytes, over the 2 GiB a direct buffer can hold; lower the batch size");
      }
      memory[f] = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
      if (spec.isFloat()) {
        floatWriters[f] = memory[f].asFloatBuffer();
      } else {
        longWriters[f] = memory[f].asLongBuffer();
      }
    }
    this.fullFields = views(batchSize);
  }

  /** Points the batch at views of {@code size} samples and records where it comes from. */
  void prepare(int size, int epoch, int position, int index, boolean lastInEpoch) {
    List<BatchField> fields = size == capacity ? fullFields : partialViews(size);
    for (int f = 0; f < fields.size(); f++) { // indexed: an iterator would be garbage on every batch
      fields.get(f).rewind();
    }
    batch.describe(fields, size, epoch, position, index, lastInEpoch);
  }

  /** Writes one assembled sample into row {@code row}. */
  void put(int row, FieldValues[] sample) {
    for (int f = 0; f < elements.length; f++) {
      int n = elements[f];
      if (floatWriters[f] != null) {
        floatWriters[f].put(row * n, sample[f].floats(), 0, n);
      } else {
        longWriters[f].put(row * n, sample[f].longs(), 0, n);
      }
    }
  }

  /**
   * Writes {@code count} consecutive samples, starting at sample {@code first} of {@code column} (a float[] or
   * long[] holding each sample's values one after another), into rows {@code row}.. of field {@code field}:
   * one bulk copy instead of one per sample.
   */
  void putRows(int row, int field, Object column, int first, int count) {
    int n = elements[field];
    if (floatWriters[field] != null) {
      floatWriters[field].put(row * n, (float[]) column, first * n, count * n);
    } else {
      longWriters[field].put(row * n, (long[]) column, first * n, count * n);
    }
  }

  private List<BatchField> partialViews(int size) {
    if (size != partialSize) {
      partialFields = views(size);
      partialSize = size;
    }
    return partialFields;
  }

  private List<BatchField> views(int size) {
    List<BatchField> fields = new ArrayList<>();
    for (int f = 0; f < elements.length; f++) {
      FieldSpec spec = specs.get(f);
      ByteBuffer bytes = memory[f].slice(0, size * elements[f] * spec.dataType().byteSize())
          .order(ByteOrder.nativeOrder());
      fields.add(new BatchField(spec, size, spec.isFloat() ? bytes.asFloatBuffer() : null,
          spec.isFloat() ? null : bytes.asLongBuffer()));
    }
    return List.copyOf(fields);
  }
}
