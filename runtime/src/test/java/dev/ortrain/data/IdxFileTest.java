package dev.ortrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
  @TempDir Path dir;

  static byte[] idx(int type, int[] dims, byte[] payload) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeShort(0);
    out.writeByte(type);
    out.writeByte(dims.length);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(payload);
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(plain);
    }
    return bytes.toByteArray();
  }

  @Test
  void readsUnsignedBytesPlainAndGzip() throws IOException {
    byte[] file = idx(0x08, new int[] {2, 2, 2}, new byte[] {0, 1, 2, 3, (byte) 255, 5, 6, 7});
    for (byte[] content : new byte[][] {file, gzip(file)}) {
      Path p = dir.resolve("images" + content.length);
      Files.write(p, content);
      IdxFile idx = IdxFile.read(p);
      assertArrayEquals(new int[] {2, 2, 2}, idx.dims());
      assertEquals(2, idx.count());
      assertEquals(4, idx.itemSize());
      assertEquals(255f, idx.floatAt(4));
      assertArrayEquals(new float[] {0, .5f, 1, 1.5f, 127.5f, 2.5f, 3, 3.5f}, idx.toFloats(0.5f));
      assertArrayEquals(new long[] {0, 1, 2, 3, 255, 5, 6, 7}, idx.toLongs());
    }
  }

  @Test
  void readsWiderTypes() throws IOException {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(payload);
    out.writeFloat(1.5f);
    out.writeFloat(-2f);
    Path p = dir.resolve("floats");
    Files.write(p, idx(0x0D, new int[] {2}, payload.toByteArray()));
    IdxFile floats = IdxFile.read(p);
    assertEquals(-2f, floats.floatAt(1));
    assertThrows(IllegalStateException.class, () -> floats.longAt(0));

    payload.reset();
    out.writeInt(-7);
    out.writeShort(-3);
    Files.write(p, idx(0x0C, new int[] {1}, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xF9}));
    assertEquals(-7L, IdxFile.read(p).longAt(0));
    Files.write(p, idx(0x0B, new int[] {1}, new byte[] {(byte) 0xFF, (byte) 0xFD}));
    assertEquals(-3L, IdxFile.read(p).longAt(0));
    payload.reset();
    out.writeDouble(0.25);
    Files.write(p, idx(0x0E, new int[] {1}, payload.toByteArray()));
    assertEquals(0.25f, IdxFile.read(p).floatAt(0));
    Files.write(p, idx(0x09, new int[] {1}, new byte[] {-5}));
    assertEquals(-5L, IdxFile.read(p).longAt(0));
  }

  @Test
  void clearErrorsForBadFiles() throws IOException {
    Path p = dir.resolve("bad");
    Files.writeString(p, "hello world, not idx");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxFile.read(p));
    assertTrue(e.getMessage().contains("is not an IDX file"), e.getMessage());
    Files.write(p, idx(0x08, new int[] {10, 10}, new byte[5]));
    e = assertThrows(IllegalArgumentException.class, () -> IdxFile.read(p));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    UncheckedIOException missing = assertThrows(UncheckedIOException.class, () -> IdxFile.read(dir.resolve("x")));
    assertTrue(missing.getMessage().contains("not found"));
  }
}
