package dev.ortrain.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * An array read from an IDX file (the MNIST / Fashion-MNIST format), plain or gzip-compressed. Values are
 * widened to float (images) or long (labels) on access.
 *
 * <p>Format: two zero bytes, a type code (0x08 unsigned byte, 0x09 signed byte, 0x0B short, 0x0C int,
 * 0x0D float, 0x0E double), the number of dimensions, the dimensions as big-endian int32, then the data
 * big-endian, row-major.
 */
public final class IdxFile {
  private final int typeCode;
  private final int[] dims;
  private final byte[] data;

  private IdxFile(int typeCode, int[] dims, byte[] data) {
    this.typeCode = typeCode;
    this.dims = dims;
    this.data = data;
  }

  /** Reads a file; names ending in {@code .gz} (or starting with the gzip magic) are decompressed. */
  public static IdxFile read(Path file) {
    try (InputStream raw = Files.newInputStream(file)) {
      return read(raw, file.toString());
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("IDX file not found: " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read IDX file " + file, e);
    }
  }

  /** Reads from a stream (closed by the caller); {@code source} names it in errors. */
  public static IdxFile read(InputStream stream, String source) throws IOException {
    BufferedInputStream in = new BufferedInputStream(stream, 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    InputStream body = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(in, 1 << 16) : in;
    DataInputStream data = new DataInputStream(body);
    try {
      int zero = data.readUnsignedShort();
      int type = data.readUnsignedByte();
      int rank = data.readUnsignedByte();
      if (zero != 0 || elementSize(type) == 0 || rank == 0) {
        throw new IllegalArgumentException(source + " is not an IDX file (header " + zero + "/" + type + "/" + rank
            + "); expected the MNIST IDX format, plain or gzip");
      }
      int[] dims = new int[rank];
      long count = 1;
      for (int i = 0; i < rank; i++) {
        dims[i] = data.readInt();
        if (dims[i] < 0) {
          throw new IllegalArgumentException(source + " declares a negative dimension " + dims[i]);
        }
        count *= dims[i];
      }
      long bytes = count * elementSize(type);
      if (bytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(source + " holds " + bytes + " bytes; arrays above 2 GiB are not supported");
      }
      byte[] values = new byte[(int) bytes];
      data.readFully(values);
      return new IdxFile(type, dims, values);
    } catch (EOFException e) {
      throw new IllegalArgumentException(source + " is truncated: its header promises more data than it holds", e);
    }
  }

  private static int elementSize(int type) {
    return switch (type) {
      case 0x08, 0x09 -> 1;
      case 0x0B -> 2;
      case 0x0C, 0x0D -> 4;
      case 0x0E -> 8;
      default -> 0;
    };
  }

  public int[] dims() {
    return dims.clone();
  }

  /** Number of items (the first dimension). */
  public int count() {
    return dims[0];
  }

  /** Elements per item (the product of the other dimensions). */
  public int itemSize() {
    int n = 1;
    for (int i = 1; i < dims.length; i++) {
      n *= dims[i];
    }
    return n;
  }

  /** Element {@code index} (row-major over the whole array) as a float. */
  public float floatAt(int index) {
    return switch (typeCode) {
      case 0x08 -> data[index] & 0xFF;
      case 0x09 -> data[index];
      case 0x0B -> (short) (((data[2 * index] & 0xFF) << 8) | (data[2 * index + 1] & 0xFF));
      case 0x0C -> intAt(4 * index);
      case 0x0D -> Float.intBitsToFloat(intAt(4 * index));
      case 0x0E -> (float) Double.longBitsToDouble(((long) intAt(8 * index) << 32) | (intAt(8 * index + 4) & 0xFFFFFFFFL));
      default -> throw new IllegalStateException("unreachable type " + typeCode);
    };
  }

  /** Element {@code index} as an integer (labels); fails for floating-point files. */
  public long longAt(int index) {
    return switch (typeCode) {
      case 0x08 -> data[index] & 0xFF;
      case 0x09 -> data[index];
      case 0x0B -> (short) (((data[2 * index] & 0xFF) << 8) | (data[2 * index + 1] & 0xFF));
      case 0x0C -> intAt(4 * index); // not through float: int32 values above 2^24 would lose digits
      default -> throw new IllegalStateException("This IDX file holds floating-point values, not integer labels");
    };
  }

  /** True for float and double files (which cannot hold class labels). */
  public boolean isFloatingPoint() {
    return typeCode == 0x0D || typeCode == 0x0E;
  }

  /** True for the unsigned-byte type (0x08) that MNIST-style images use. */
  public boolean isUnsignedBytes() {
    return typeCode == 0x08;
  }

  /**
   * Copies item {@code item} (one slice along the first dimension) into {@code out}, multiplied by
   * {@code scale}. The loop for unsigned bytes avoids the per-element type switch of {@link #floatAt}:
   * this is the loaders' hot path.
   */
  public void readItem(int item, float scale, float[] out) {
    int n = itemSize();
    if (out.length < n) {
      throw new IllegalArgumentException("Item of " + this + " has " + n + " elements; out holds " + out.length);
    }
    int first = item * n;
    if (typeCode == 0x08) {
      for (int i = 0; i < n; i++) {
        out[i] = (data[first + i] & 0xFF) * scale;
      }
    } else {
      for (int i = 0; i < n; i++) {
        out[i] = floatAt(first + i) * scale;
      }
    }
  }

  /** All elements as floats, multiplied by {@code scale} (e.g. 1/255 for pixels). */
  public float[] toFloats(float scale) {
    float[] out = new float[data.length / elementSize(typeCode)];
    for (int i = 0; i < out.length; i++) {
      out[i] = floatAt(i) * scale;
    }
    return out;
  }

  /** All elements as longs. */
  public long[] toLongs() {
    long[] out = new long[data.length / elementSize(typeCode)];
    for (int i = 0; i < out.length; i++) {
      out[i] = longAt(i);
    }
    return out;
  }

  private int intAt(int offset) {
    return ((data[offset] & 0xFF) << 24) | ((data[offset + 1] & 0xFF) << 16) | ((data[offset + 2] & 0xFF) << 8)
        | (data[offset + 3] & 0xFF);
  }

  @Override
  public String toString() {
    return "IdxFile" + Arrays.toString(dims);
  }
}
