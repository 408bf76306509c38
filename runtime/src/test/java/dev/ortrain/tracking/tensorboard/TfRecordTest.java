package dev.ortrain.tracking.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ortrain.tracking.tensorboard.proto.Event;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Against checksums and a record taken from TensorBoard's own tests (data/server/masked_crc.rs, tf_record.rs). */
class TfRecordTest {
  /** A real TensorFlow record: the file version event {@code brain.Event:2}, 24 bytes. */
  private static final byte[] FILE_VERSION_EVENT = concat(
      new byte[] {0x09, 0x00, 0x00, (byte) 0x80, 0x38, (byte) 0x99, (byte) 0xd6, (byte) 0xd7, 0x41, 0x1a, 0x0d},
      "brain.Event:2".getBytes(StandardCharsets.US_ASCII));

  @Test
  void masksTheCrc32cAsTensorFlowDoes() {
    // the CRC32C of 32 zero bytes is 0x8a9136aa (RFC 3720, B.4); TensorBoard checks its masked form
    assertEquals(mask(0x8a9136aa), TfRecord.maskedCrc32c(new byte[32]));
    byte[] fileVersionEvent = "\u001a\u0011CRC test, one two".getBytes(StandardCharsets.US_ASCII);
    assertEquals(0x5794d08a, TfRecord.maskedCrc32c(fileVersionEvent));
  }

  @Test
  void framesLengthChecksumDataChecksumLittleEndian() {
    byte[] record = TfRecord.frame(FILE_VERSION_EVENT);

    ByteBuffer expected = ByteBuffer.allocate(8 + 4 + 24 + 4).order(ByteOrder.LITTLE_ENDIAN);
    expected.putLong(24).putInt(0x224b7fa3).put(FILE_VERSION_EVENT).putInt(0xab364b12);
    assertArrayEquals(expected.array(), record);
  }

  @Test
  void writesTheFileVersionEventByteForByteAsTensorFlow() {
    double wallTime = ByteBuffer.wrap(FILE_VERSION_EVENT, 1, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble();

    Event event = Events.fileVersion(wallTime);

    assertArrayEquals(FILE_VERSION_EVENT, event.toByteArray());
  }

  @Test
  void framesAnEmptyRecord() {
    byte[] record = TfRecord.frame(new byte[0]);

    ByteBuffer read = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(16, record.length);
    assertEquals(0, read.getLong());
    assertEquals(TfRecord.maskedCrc32c(new byte[8]), read.getInt());
    assertEquals(TfRecord.maskedCrc32c(new byte[0]), read.getInt());
  }

  /** TensorFlow's mask written out independently: rotate right by 15, add the delta. */
  private static int mask(int crc) {
    return Integer.rotateRight(crc, 15) + 0xa282ead8;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
