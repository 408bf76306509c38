package dev.ortrain.data;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of samples as direct buffers, one {@link BatchField} per field. Batches live in buffer slots that
 * the loader refills: a batch is valid until the next call to {@link DataLoader#next()} (or restore/close),
 * after which its slot may be overwritten with another batch.
 */
public final class Batch {
  private List<BatchField> fields = List.of();
  private int size;
  private int epoch;
  private int position;
  private int index;
  private boolean lastInEpoch;

  Batch() {}

  void describe(List<BatchField> newFields, int newSize, int newEpoch, int newPosition, int newIndex, boolean last) {
    this.fields = newFields;
    this.size = newSize;
    this.epoch = newEpoch;
    this.position = newPosition;
    this.index = newIndex;
    this.lastInEpoch = last;
  }

  /** Number of samples in this batch (the batch size, or fewer for a final partial batch). */
  public int size() {
    return size;
  }

  /** The epoch this batch belongs to, from 0. */
  public int epoch() {
    return epoch;
  }

  /** Position in the epoch's sample order of this batch's first sample. */
  public int position() {
    return position;
  }

  /** Number of this batch within its epoch, from 0 (position / batch size). */
  public int index() {
    return index;
  }

  public boolean lastInEpoch() {
    return lastInEpoch;
  }

  public List<BatchField> fields() {
    return fields;
  }

  public List<String> fieldNames() {
    List<String> names = new ArrayList<>();
    for (BatchField f : fields) {
      names.add(f.name());
    }
    return names;
  }

  /** The field called {@code name}; fails naming the fields there are. */
  public BatchField field(String name) {
    for (int i = 0; i < fields.size(); i++) { // a handful of fields: an indexed scan allocates nothing
      BatchField f = fields.get(i);
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("The batch has no field '" + name + "'; its fields are " + fieldNames());
  }

  public FloatBuffer floats(String name) {
    return field(name).floats();
  }

  public LongBuffer longs(String name) {
    return field(name).longs();
  }

  /** {@code [size, per-sample dims...]} of a field. */
  public long[] shape(String name) {
    return field(name).shape();
  }

  @Override
  public String toString() {
    return "Batch(epoch " + epoch + ", #" + index + ", " + size + " samples, " + fields + ")";
  }
}
