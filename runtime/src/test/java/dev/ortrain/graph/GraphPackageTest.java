package dev.ortrain.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.ortrain.onnx.proto.Onnx.GraphProto;
import dev.ortrain.onnx.proto.Onnx.ModelProto;
import dev.ortrain.onnx.proto.Onnx.NodeProto;
import dev.ortrain.onnx.proto.Onnx.StringStringEntryProto;
import dev.ortrain.onnx.proto.Onnx.TensorProto;
import dev.ortrain.onnx.proto.Onnx.TensorShapeProto;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphPackageTest {
  @TempDir Path dir;

  @Test
  void shapesKnowTheirDimensions() {
    Shape s = Shape.batched(3, 28, 28);
    assertEquals("[batch, 3, 28, 28]", s.toString());
    assertFalse(s.isStatic());
    assertFalse(s.isKnown(0));
    assertEquals(Shape.BATCH, s.symbol(0));
    assertEquals(2352, s.elementCount(1));
    assertArrayEquals(new long[] {3, 28, 28}, s.perSample());
    assertArrayEquals(new long[] {5, 3, 28, 28}, s.resolve(5));
    assertEquals(Shape.batched(7), s.withPerSample(7));
    assertEquals(s, Shape.fromProto(s.toProto()));
    assertEquals(s.hashCode(), Shape.batched(3, 28, 28).hashCode());
    assertEquals(List.of("batch", 3L, 28L, 28L), s.dims());
    assertThrows(IllegalStateException.class, () -> s.size(0));
    assertThrows(IllegalArgumentException.class, () -> Shape.of(-1));
    assertThrows(IllegalArgumentException.class, () -> Shape.batched(2, -3));
    assertTrue(Shape.of(2, 2).isStatic());
    assertThrows(IllegalStateException.class, () -> Shape.of().withPerSample(3));
    assertEquals(4, Shape.of(2, 2).elementCount());
    Shape anonymous = Shape.fromProto(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder()).build());
    assertEquals("?0", anonymous.symbol(0));
  }

  @Test
  void dataTypesMapToOnnxCodes() {
    for (DataType t : DataType.values()) {
      assertEquals(t, DataType.fromOnnx(t.onnxCode()));
    }
    assertEquals(8, DataType.INT64.byteSize());
    assertThrows(IllegalArgumentException.class, () -> DataType.fromOnnx(8));
  }

  @Test
  void tensorsRoundTripEveryEncoding() {
    TensorProto f = Tensors.floats("w", new long[] {2}, 1.5f, -2f);
    assertArrayEquals(new float[] {1.5f, -2f}, Tensors.toFloats(f));
    TensorProto l = Tensors.int64s("s", new long[] {3}, 1, -1, 7);
    assertArrayEquals(new long[] {1, -1, 7}, Tensors.toLongs(l));
    TensorProto b = Tensors.bools("b", new long[] {2}, true, false);
    assertArrayEquals(new byte[] {1, 0}, Tensors.littleEndianBytes(b, null));
    // Exporters may use the typed repeated fields instead of raw_data.
    TensorProto typed = TensorProto.newBuilder().setName("t").setDataType(1).addDims(2).addFloatData(3f).addFloatData(4f).build();
    assertArrayEquals(new float[] {3, 4}, Tensors.toFloats(typed));
    assertEquals(2, Tensors.elementCount(typed));
    assertTrue(Tensors.inline(typed, null).hasRawData());
    TensorProto ints = TensorProto.newBuilder().setName("i").setDataType(6).addDims(2).addInt32Data(5).addInt32Data(-6).build();
    assertArrayEquals(new long[] {5, -6}, Tensors.toLongs(ints));
    TensorProto longs = TensorProto.newBuilder().setName("l").setDataType(7).addDims(1).addInt64Data(9).build();
    assertArrayEquals(new long[] {9}, Tensors.toLongs(longs));
    TensorProto doubles = TensorProto.newBuilder().setName("d").setDataType(11).addDims(1).addDoubleData(0.5).build();
    assertEquals(8, Tensors.littleEndianBytes(doubles, null).length);
    assertThrows(IllegalArgumentException.class, () -> Tensors.toFloats(l));
    assertThrows(IllegalArgumentException.class, () -> Tensors.toLongs(f));
    assertThrows(IllegalArgumentException.class, () -> Tensors.floats("x", new long[] {3}, 1f));
    TensorProto shortRaw = f.toBuilder().setRawData(ByteString.copyFrom(new byte[3])).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensors.toFloats(shortRaw));
    assertTrue(e.getMessage().contains("3 bytes of data"), e.getMessage());
    TensorProto tooFew = TensorProto.newBuilder().setName("t").setDataType(1).addDims(3).addFloatData(1f).build();
    assertThrows(IllegalArgumentException.class, () -> Tensors.toFloats(tooFew));
  }

  @Test
  void externalDataIsReadRelativeToTheModel() throws Exception {
    ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    data.putFloat(9f).putFloat(1f).putFloat(2f).putFloat(3f);
    Files.write(dir.resolve("weights.bin"), data.array());
    TensorProto ext = TensorProto.newBuilder().setName("w").setDataType(1).addDims(3)
        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
        .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin"))
        .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue("4"))
        .addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue("12"))
        .build();
    assertArrayEquals(new float[] {1, 2, 3}, Tensors.toFloats(Tensors.inline(ext, dir)));
    IllegalArgumentException noDir = assertThrows(IllegalArgumentException.class, () -> Tensors.inline(ext, null));
    assertTrue(noDir.getMessage().contains("external file"), noDir.getMessage());
    assertThrows(UncheckedIOException.class, () -> Tensors.inline(ext, dir.resolve("elsewhere")));
  }

  @Test
  void graphBuilderTracksNamesTypesAndNodes() {
    GraphBuilder g = new GraphBuilder("g");
    g.input("x", TensorType.floats(Shape.batched(4)));
    String c = g.scalar("two", 2f);
    String axes = g.int64s("axes", 0);
    String y = g.node("Mul").name("scale").inputs("x", c).attr("unused", 1L).attr("f", 0.5f).attr("s", "v")
        .ints("is", 1, 2).output("y");
    g.valueType(y, TensorType.floats(Shape.batched(4)));
    g.node("ReduceSum").inputs(y, axes).outputs("sum");
    g.output("sum", TensorType.floats(Shape.of(4)));
    assertEquals("y", y);
    assertEquals("two", c);
    assertEquals("y_1", g.freshName("y"));
    assertTrue(g.isInitializer("two"));
    assertEquals(2, g.initializers().size());
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
        () -> g.input("x", TensorType.floats(Shape.of(1))));
    assertTrue(dup.getMessage().contains("'x' is already defined"));
    GraphProto built = g.build();
    assertEquals(List.of("y"), built.getValueInfoList().stream().map(v -> v.getName()).toList());
    NodeProto mul = built.getNode(0);
    assertEquals("scale", mul.getName());
    assertEquals(1L, Attributes.getInt(mul, "unused", 0));
    assertEquals(0.5f, Attributes.getFloat(mul, "f", 0));
    assertEquals("v", Attributes.getString(mul, "s", ""));
    assertArrayEquals(new long[] {1, 2}, Attributes.getInts(mul, "is", null));
    assertNull(Attributes.find(mul, "missing"));
    assertEquals(7L, Attributes.getInt(mul, "missing", 7));

    GraphBuilder again = GraphBuilder.from(built);
    assertEquals(TensorType.floats(Shape.batched(4)), again.typeOf("y"));
    assertEquals(built, again.build());
    TensorProto removed = again.removeInitializer("two");
    again.input("two", TensorType.floats(Shape.of()));
    assertEquals("two", removed.getName());
  }

  @Test
  void modelsAreWrittenAndReadWithOpsets(@TempDir Path tmp) throws Exception {
    GraphBuilder g = new GraphBuilder("m");
    g.input("x", TensorType.floats(Shape.batched(2)));
    g.node("Relu").inputs("x").outputs("y");
    g.output("y", TensorType.floats(Shape.batched(2)));
    ModelProto m = OnnxModels.model(g.build(), Map.of("k", "v"));
    assertEquals(17, OnnxModels.onnxOpset(m));
    Path file = tmp.resolve("m.onnx");
    OnnxModels.write(m, file);
    assertEquals(m, OnnxModels.read(file));
    Files.writeString(tmp.resolve("bad.onnx"), "not a model at all");
    assertThrows(IllegalArgumentException.class, () -> OnnxModels.read(tmp.resolve("bad.onnx")));
    UncheckedIOException missing = assertThrows(UncheckedIOException.class, () -> OnnxModels.read(tmp.resolve("no")));
    assertTrue(missing.getMessage().contains("not found"));
    assertThrows(IllegalArgumentException.class, () -> OnnxModels.onnxOpset(ModelProto.getDefaultInstance()));
    assertEquals("float[batch, 2]", TensorType.floats(Shape.batched(2)).toString());
  }
}
