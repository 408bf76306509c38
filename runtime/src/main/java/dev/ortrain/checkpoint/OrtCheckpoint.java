package dev.ortrain.checkpoint;

import com.google.flatbuffers.FlatBufferBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ONNX Runtime's training checkpoint (FlatBuffers, file identifier {@code ODTC}, version 2): trainable and
 * frozen parameters, optionally the optimizer state and a property bag.
 *
 * <p>Written with flatbuffers-java's generic builder calls, so no generated schema classes are needed;
 * read by {@link CheckpointReader}.
 */
public final class OrtCheckpoint {
  /** The only checkpoint version ONNX Runtime (1.24 to 1.28) accepts. */
  public static final int VERSION = 2;
  public static final String FILE_IDENTIFIER = "ODTC";

  private final List<NamedTensor> trainable;
  private final List<NamedTensor> frozen;
  private final OptimizerState optimizer;
  private final Map<String, Long> intProperties;
  private final Map<String, Float> floatProperties;
  private final Map<String, String> stringProperties;

  public OrtCheckpoint(List<NamedTensor> trainable, List<NamedTensor> frozen, OptimizerState optimizer,
      Map<String, Long> intProperties, Map<String, Float> floatProperties, Map<String, String> stringProperties) {
    this.trainable = List.copyOf(trainable);
    this.frozen = List.copyOf(frozen);
    this.optimizer = optimizer;
    this.intProperties = Collections.unmodifiableMap(new LinkedHashMap<>(intProperties));
    this.floatProperties = Collections.unmodifiableMap(new LinkedHashMap<>(floatProperties));
    this.stringProperties = Collections.unmodifiableMap(new LinkedHashMap<>(stringProperties));
  }

  /** A fresh checkpoint: parameters only; ONNX Runtime starts the optimizer from zero moments. */
  public static OrtCheckpoint ofParameters(List<NamedTensor> trainable, List<NamedTensor> frozen) {
    return new OrtCheckpoint(trainable, frozen, null, Map.of(), Map.of(), Map.of());
  }

  public List<NamedTensor> trainable() {
    return trainable;
  }

  public List<NamedTensor> frozen() {
    return frozen;
  }

  public Optional<OptimizerState> optimizer() {
    return Optional.ofNullable(optimizer);
  }

  /** Int properties. Values written by ONNX Runtime's Java binding keep only their low 32 bits (see reader). */
  public Map<String, Long> intProperties() {
    return intProperties;
  }

  public Map<String, Float> floatProperties() {
    return floatProperties;
  }

  public Map<String, String> stringProperties() {
    return stringProperties;
  }

  /** Trainable and frozen parameters by name, trainable first. */
  public Map<String, NamedTensor> parameters() {
    Map<String, NamedTensor> all = new LinkedHashMap<>();
    trainable.forEach(t -> all.put(t.name(), t));
    frozen.forEach(t -> all.put(t.name(), t));
    return all;
  }

  public NamedTensor parameter(String name) {
    NamedTensor t = parameters().get(name);
    if (t == null) {
      throw new IllegalArgumentException("No parameter '" + name + "' in the checkpoint; it has " + parameters().keySet());
    }
    return t;
  }

  public static OrtCheckpoint read(Path file) {
    try {
      return CheckpointReader.parse(Files.readAllBytes(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("Checkpoint file not found: " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read checkpoint " + file, e);
    }
  }

  public void write(Path file) {
    try {
      Files.write(file, toBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write checkpoint " + file, e);
    }
  }

  /** Serialises deterministically: the same checkpoint gives the same bytes. */
  public byte[] toBytes() {
    FlatBufferBuilder b = new FlatBufferBuilder(1024);
    int trainableVec = b.createVectorOfTables(tensors(b, trainable));
    int frozenVec = b.createVectorOfTables(tensors(b, frozen)); // must exist even when empty
    b.startTable(4);
    b.addOffset(0, trainableVec, 0);
    b.addOffset(1, frozenVec, 0);
    int moduleState = b.endTable();

    int groups = optimizer == null ? 0 : b.createVectorOfTables(new int[] {optimizerGroup(b, optimizer)});
    int properties = hasProperties() ? propertyBag(b) : 0;

    b.startTable(4);
    b.addInt(0, VERSION, 0);
    b.addOffset(1, moduleState, 0);
    if (groups != 0) {
      b.addOffset(2, groups, 0);
    }
    if (properties != 0) {
      b.addOffset(3, properties, 0);
    }
    int root = b.endTable();
    b.finish(root, FILE_IDENTIFIER);
    return b.sizedByteArray();
  }

  private boolean hasProperties() {
    return !intProperties.isEmpty() || !floatProperties.isEmpty() || !stringProperties.isEmpty();
  }

  private static int[] tensors(FlatBufferBuilder b, List<NamedTensor> list) {
    int[] offsets = new int[list.size()];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = tensor(b, list.get(i));
    }
    return offsets;
  }

  private static int tensor(FlatBufferBuilder b, NamedTensor t) {
    int name = b.createString(t.name());
    long[] dims = t.dims();
    b.startVector(8, dims.length, 8);
    for (int i = dims.length - 1; i >= 0; i--) {
      b.addLong(dims[i]);
    }
    int dimsVec = b.endVector();
    int raw = b.createByteVector(t.data());
    b.startTable(7);
    b.addOffset(0, name, 0);
    b.addOffset(2, dimsVec, 0);
    b.addInt(3, t.dataType().onnxCode(), 0);
    b.addOffset(4, raw, 0);
    return b.endTable();
  }

  private static int optimizerGroup(FlatBufferBuilder b, OptimizerState state) {
    int groupName = b.createString(OptimizerState.GROUP_NAME);
    List<Integer> states = new ArrayList<>();
    for (Map.Entry<String, List<NamedTensor>> e : state.momentsByParameter().entrySet()) {
      int paramName = b.createString(e.getKey());
      int moments = b.createVectorOfTables(tensors(b, e.getValue()));
      b.startTable(2);
      b.addOffset(0, paramName, 0);
      b.addOffset(1, moments, 0);
      states.add(b.endTable());
    }
    int statesVec = b.createVectorOfTables(states.stream().mapToInt(Integer::intValue).toArray());
    b.startTable(4);
    b.addOffset(0, groupName, 0);
    b.addLong(1, state.step(), 0);
    b.addFloat(2, state.initialLearningRate(), 0);
    b.addOffset(3, statesVec, 0);
    return b.endTable();
  }

  private int propertyBag(FlatBufferBuilder b) {
    int[] ints = new int[intProperties.size()];
    int i = 0;
    for (Map.Entry<String, Long> e : intProperties.entrySet()) {
      int name = b.createString(e.getKey());
      b.startTable(2);
      b.addOffset(0, name, 0);
      b.addLong(1, e.getValue(), 0);
      ints[i++] = b.endTable();
    }
    int[] floats = new int[floatProperties.size()];
    i = 0;
    for (Map.Entry<String, Float> e : floatProperties.entrySet()) {
      int name = b.createString(e.getKey());
      b.startTable(2);
      b.addOffset(0, name, 0);
      b.addFloat(1, e.getValue(), 0);
      floats[i++] = b.endTable();
    }
    int[] strings = new int[stringProperties.size()];
    i = 0;
    for (Map.Entry<String, String> e : stringProperties.entrySet()) {
      int name = b.createString(e.getKey());
      int value = b.createString(e.getValue());
      b.startTable(2);
      b.addOffset(0, name, 0);
      b.addOffset(1, value, 0);
      strings[i++] = b.endTable();
    }
    int intsVec = b.createVectorOfTables(ints);
    int floatsVec = b.createVectorOfTables(floats);
    int stringsVec = b.createVectorOfTables(strings);
    b.startTable(3);
    b.addOffset(0, intsVec, 0);
    b.addOffset(1, floatsVec, 0);
    b.addOffset(2, stringsVec, 0);
    return b.endTable();
  }
}
