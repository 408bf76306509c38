package dev.ortrain.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.graph.DataType;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrtCheckpointTest {
  @TempDir Path dir;

  static OrtCheckpoint sample() {
    NamedTensor w = NamedTensor.ofFloats("fc.weight", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
    NamedTensor b = NamedTensor.ofFloats("fc.bias", new long[] {2}, new float[] {-1, 1});
    NamedTensor mean = NamedTensor.ofFloats("bn.running_mean", new long[] {2}, new float[] {0.5f, 0.25f});
    Map<String, List<NamedTensor>> moments = new LinkedHashMap<>();
    moments.put("fc.weight", List.of(
        NamedTensor.ofFloats("momentum0", new long[] {2, 3}, new float[] {.1f, .2f, .3f, .4f, .5f, .6f}),
        NamedTensor.ofFloats("momentum1", new long[] {2, 3}, new float[6])));
    moments.put("fc.bias", List.of(
        NamedTensor.ofFloats("momentum0", new long[] {2}, new float[] {7, 8}),
        NamedTensor.ofFloats("momentum1", new long[] {2}, new float[] {9, 10})));
    return new OrtCheckpoint(List.of(w, b), List.of(mean), new OptimizerState(5, 0.01f, moments),
        Map.of("epoch", 3L), Map.of("lr", 0.5f), Map.of("ortrain.state", "{\"step\":12}"));
  }

  @Test
  void roundTripsEveryField() {
    OrtCheckpoint original = sample();
    Path file = dir.resolve("ckpt");
    original.write(file);
    OrtCheckpoint read = OrtCheckpoint.read(file);
    assertEquals(original.trainable(), read.trainable());
    assertEquals(original.frozen(), read.frozen());
    OptimizerState opt = read.optimizer().orElseThrow();
    assertEquals(5, opt.step());
    assertEquals(0.01f, opt.initialLearningRate());
    assertEquals(original.optimizer().orElseThrow().momentsByParameter(), opt.momentsByParameter());
    assertEquals(Map.of("epoch", 3L), read.intProperties());
    assertEquals(Map.of("lr", 0.5f), read.floatProperties());
    assertEquals(Map.of("ortrain.state", "{\"step\":12}"), read.stringProperties());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, read.parameter("fc.weight").toFloats());
    assertEquals(List.of("bn.running_mean"), read.frozen().stream().map(NamedTensor::name).toList());
    assertEquals(List.of("fc.weight", "fc.bias", "bn.running_mean"), List.copyOf(read.parameters().keySet()),
        "trainable first, then frozen");
    assertEquals(6, read.parameter("fc.weight").elementCount());
  }

  /** Each kind of property alone, and several of each together, come back as written. */
  @Test
  void propertiesOfEachKindRoundTripAloneAndSeveralTogether() {
    Map<String, Long> ints = new LinkedHashMap<>();
    ints.put("epoch", 3L);
    ints.put("step", 40L);
    Map<String, Float> floats = new LinkedHashMap<>();
    floats.put("lr", 0.5f);
    floats.put("best", 0.25f);
    Map<String, String> strings = new LinkedHashMap<>();
    strings.put("a", "x");
    strings.put("b", "y");
    List<NamedTensor> params = sample().trainable();
    List<OrtCheckpoint> cases = List.of(new OrtCheckpoint(params, List.of(), null, ints, floats, strings),
        new OrtCheckpoint(params, List.of(), null, ints, Map.of(), Map.of()),
        new OrtCheckpoint(params, List.of(), null, Map.of(), floats, Map.of()),
        new OrtCheckpoint(params, List.of(), null, Map.of(), Map.of(), strings));
    for (OrtCheckpoint written : cases) {
      Path file = dir.resolve("properties.ckpt");
      written.write(file);
      OrtCheckpoint read = OrtCheckpoint.read(file);
      assertEquals(written.intProperties(), read.intProperties());
      assertEquals(written.floatProperties(), read.floatProperties());
      assertEquals(written.stringProperties(), read.stringProperties());
    }
  }

  @Test
  void elementCountsFollowTheDataType() {
    assertEquals(2, new NamedTensor("ids", DataType.INT64, new long[] {2}, new byte[16]).elementCount());
  }

  @Test
  void serialisationIsDeterministic() {
    assertArrayEquals(sample().toBytes(), sample().toBytes());
  }

  @Test
  void freshCheckpointHasIdentifierVersionAndEmptyFrozenVector() {
    byte[] bytes = OrtCheckpoint.ofParameters(sample().trainable(), List.of()).toBytes();
    assertEquals("ODTC", new String(bytes, 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
    OrtCheckpoint read = CheckpointReader.parse(bytes, "memory");
    assertTrue(read.frozen().isEmpty());
    assertTrue(read.optimizer().isEmpty());
  }

  @Test
  void intPropertiesKeepOnlyTheLow32BitsWrittenByOrtsJavaBinding() {
    // ONNX Runtime's Java addProperty(String, int) stores garbage in the upper 32 bits.
    OrtCheckpoint c = new OrtCheckpoint(sample().trainable(), List.of(), null,
        Map.of("k", 0x7FB6_0000_0007L), Map.of(), Map.of());
    assertEquals(7L, CheckpointReader.parse(c.toBytes(), "memory").intProperties().get("k"));
  }

  @Test
  void rejectsFilesThatAreNotCheckpoints() {
    CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
        () -> CheckpointReader.parse("this is not a checkpoint".getBytes(), "notes.txt"));
    assertTrue(e.getMessage().contains("notes.txt") && e.getMessage().contains("ODTC"), e.getMessage());
    assertThrows(CorruptCheckpointException.class, () -> CheckpointReader.parse(new byte[3], "tiny"));
  }

  @Test
  void rejectsTruncatedCheckpoints() {
    byte[] bytes = sample().toBytes();
    byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);
    CorruptCheckpointException e =
        assertThrows(CorruptCheckpointException.class, () -> CheckpointReader.parse(truncated, "half"));
    assertTrue(e.getMessage().startsWith("Checkpoint half is unusable"), e.getMessage());
  }

  @Test
  void rejectsUnsupportedVersions() {
    byte[] bytes = sample().toBytes();
    // The version is the root table's first field; find the int 2 the writer stored and change it.
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int root = bb.getInt(0);
    int vtable = root - bb.getInt(root);
    int versionOffset = bb.getShort(vtable + 4);
    bb.putInt(root + versionOffset, 3);
    CorruptCheckpointException e =
        assertThrows(CorruptCheckpointException.class, () -> CheckpointReader.parse(bytes, "v3"));
    assertTrue(e.getMessage().contains("version 3"), e.getMessage());
  }

  @Test
  void missingFileSaysSo() {
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> OrtCheckpoint.read(dir.resolve("nope")));
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
  }

  @Test
  void tensorDataMustMatchDims() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new NamedTensor("w", DataType.FLOAT, new long[] {2, 2}, new byte[12]));
    assertTrue(e.getMessage().contains("needs 16 bytes, got 12"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> sample().parameter("missing"));
  }

  @Test
  void writesFilesReadableAsBytes() throws Exception {
    Path file = dir.resolve("c");
    sample().write(file);
    assertArrayEquals(sample().toBytes(), Files.readAllBytes(file));
  }
}
