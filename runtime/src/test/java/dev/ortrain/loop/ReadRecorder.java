package dev.ortrain.loop;

import dev.ortrain.data.Dataset;
import dev.ortrain.data.FieldSpec;
import dev.ortrain.data.FieldValues;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/** A dataset that records which samples were read since {@link #forget()}, to see which batches a run used. */
final class ReadRecorder implements Dataset {
  private final Dataset data;
  private final Set<Integer> read = new ConcurrentSkipListSet<>();

  ReadRecorder(Dataset data) {
    this.data = data;
  }

  /** Forgets the reads so far (the trainer's checks read samples when it is built). */
  void forget() {
    read.clear();
  }

  Set<Integer> read() {
    return new TreeSet<>(read);
  }

  @Override
  public int size() {
    return data.size();
  }

  @Override
  public List<FieldSpec> fields() {
    return data.fields();
  }

  @Override
  public void read(int index, int field, FieldValues out) {
    read.add(index);
    data.read(index, field, out);
  }
}
