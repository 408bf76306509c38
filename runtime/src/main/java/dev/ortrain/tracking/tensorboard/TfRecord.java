package dev.ortrain.tracking.tensorboard;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TensorFlow's record framing, in which event files store one serialized event per record: the data's length
 * as a little-endian uint64, the length's masked CRC32C, the data, the data's masked CRC32C. Readers check both
 * checksums, so a record cut short by a killed process is recognised as such.
 */
final class TfRecord {
  /** Added after the rotation so that a CRC of data holding CRCs does not degenerate (TensorFlow's crc32c.h). */
  private static final int MASK_DELTA = 0xa282ead8;
  private static final int HEADER_BYTES = Long.BYTES + Integer.BYTES;
  private static final int FOOTER_BYTES = Integer.BYTES;

  private TfRecord() {}

  /** The record holding {@code data}. */
  static byte[] frame(byte[] data) {
    ByteBuffer length = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length);
    ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + data.length + FOOTER_BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    record.put(length.array()).putInt(maskedCrc32c(length.array())).put(data).putInt(maskedCrc32c(data));
    return record.array();
  }

  /** The CRC32C (Castagnoli) of {@code bytes}, rotated right by 15 bits plus {@link #MASK_DELTA}. */
  static int maskedCrc32c(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    int value = (int) crc.getValue();
    return ((value >>> 15) | (value << 17)) + MASK_DELTA;
  }
}
