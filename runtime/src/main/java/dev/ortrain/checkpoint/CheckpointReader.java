package dev.ortrain.checkpoint;

import com.google.flatbuffers.Table;
import dev.ortrain.graph.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses ONNX Runtime checkpoints with flatbuffers-java's generic table access. Every structural problem
 * (wrong identifier, version, truncated buffer, dims that disagree with the data) becomes a
 * {@link CorruptCheckpointException} naming the file and what is wrong.
 */
final class CheckpointReader extends Table {
  private CheckpointReader() {}

  static OrtCheckpoint parse(byte[] bytes, String source) {
    if (bytes.length < 8) {
      throw new CorruptCheckpointException(source, "the file has " + bytes.length + " bytes, too short for a checkpoint");
    }
    ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (!Table.__has_identifier(bb, OrtCheckpoint.FILE_IDENTIFIER)) {
      throw new CorruptCheckpointException(source, "it lacks the ONNX Runtime checkpoint identifier 'ODTC'"
          + " (is it a checkpoint at all?)");
    }
    try {
      CheckpointReader root = at(bb, bb.getInt(0));
      int version = root.intField(0, 0);
      if (version != OrtCheckpoint.VERSION) {
        throw new CorruptCheckpointException(source, "it is version " + version
            + "; ONNX Runtime reads version " + OrtCheckpoint.VERSION);
      }
      CheckpointReader module = root.table(1);
      if (module == null) {
        throw new CorruptCheckpointException(source, "it has no module state (no parameters)");
      }
      List<NamedTensor> trainable = module.tensors(0);
      List<NamedTensor> frozen = module.tensors(1);
      OptimizerState optimizer = null;
      for (CheckpointReader group : root.tables(2)) {
        if (OptimizerState.GROUP_NAME.equals(group.string(0))) {
          Map<String, List<NamedTensor>> moments = new LinkedHashMap<>();
          for (CheckpointReader state : group.tables(3)) {
            moments.put(state.string(0), state.tensors(1));
          }
          optimizer = new OptimizerState(group.longField(1, 0), group.floatField(2, 0f), moments);
        }
      }
      Map<String, Long> ints = new LinkedHashMap<>();
      Map<String, Float> floats = new LinkedHashMap<>();
      Map<String, String> strings = new LinkedHashMap<>();
      CheckpointReader bag = root.table(3);
      if (bag != null) {
        // ONNX Runtime's Java binding stores ints with garbage upper 32 bits: keep the low 32, sign-extended.
        bag.tables(0).forEach(p -> ints.put(p.string(0), (long) (int) p.longField(1, 0)));
        bag.tables(1).forEach(p -> floats.put(p.string(0), p.floatField(1, 0f)));
        bag.tables(2).forEach(p -> strings.put(p.string(0), p.string(1)));
      }
      return new OrtCheckpoint(trainable, frozen, optimizer, ints, floats, strings);
    } catch (IndexOutOfBoundsException | IllegalArgumentException | NegativeArraySizeException e) {
      if (e instanceof CorruptCheckpointException c) {
        throw c;
      }
      throw new CorruptCheckpointException(source, "its structure is damaged ("
          + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + ")");
    }
  }

  private static CheckpointReader at(ByteBuffer bb, int offset) {
    if (offset < 0 || offset >= bb.capacity()) {
      throw new IndexOutOfBoundsException("table offset " + offset + " outside the file");
    }
    CheckpointReader r = new CheckpointReader();
    r.__reset(offset, bb);
    return r;
  }

  private int slot(int index) {
    return __offset(4 + 2 * index);
  }

  private int intField(int index, int fallback) {
    int o = slot(index);
    return o == 0 ? fallback : bb.getInt(bb_pos + o);
  }

  private long longField(int index, long fallback) {
    int o = slot(index);
    return o == 0 ? fallback : bb.getLong(bb_pos + o);
  }

  private float floatField(int index, float fallback) {
    int o = slot(index);
    return o == 0 ? fallback : bb.getFloat(bb_pos + o);
  }

  private String string(int index) {
    int o = slot(index);
    return o == 0 ? null : __string(bb_pos + o);
  }

  private CheckpointReader table(int index) {
    int o = slot(index);
    return o == 0 ? null : at(bb, __indirect(bb_pos + o));
  }

  private List<CheckpointReader> tables(int index) {
    int o = slot(index);
    List<CheckpointReader> out = new ArrayList<>();
    if (o == 0) {
      return out;
    }
    int n = __vector_len(o);
    int start = __vector(o);
    for (int i = 0; i < n; i++) {
      out.add(at(bb, __indirect(start + 4 * i)));
    }
    return out;
  }

  private List<NamedTensor> tensors(int index) {
    List<NamedTensor> out = new ArrayList<>();
    for (CheckpointReader t : tables(index)) {
      out.add(t.tensor());
    }
    return out;
  }

  private NamedTensor tensor() {
    String name = string(0);
    int dimsSlot = slot(2);
    long[] dims = new long[dimsSlot == 0 ? 0 : __vector_len(dimsSlot)];
    if (dimsSlot != 0) {
      int start = __vector(dimsSlot);
      for (int i = 0; i < dims.length; i++) {
        dims[i] = bb.getLong(start + 8 * i);
      }
    }
    DataType type = DataType.fromOnnx(intField(3, 0));
    int rawSlot = slot(4);
    byte[] data = new byte[rawSlot == 0 ? 0 : __vector_len(rawSlot)];
    if (rawSlot != 0) {
      bb.get(__vector(rawSlot), data);
    }
    return new NamedTensor(name, type, dims, data);
  }
}
