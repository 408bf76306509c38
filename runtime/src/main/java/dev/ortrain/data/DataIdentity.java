package dev.ortrain.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a checkpoint remembers of the data it was trained on, so that resuming it on other data is refused:
 * the number of samples, the fields (name, type, shape), and a SHA-256 over {@value #PROBES} samples spread
 * evenly over the set (all of them in smaller sets). Reading a few samples keeps it cheap for any size; a
 * subset and the full set differ in size, a relabelled set almost surely in the probed samples.
 */
public final class DataIdentity {
  /** How many samples the digest reads. */
  static final int PROBES = 64;

  private DataIdentity() {}

  /** For example {@code 4000 samples [image FLOAT[1, 28, 28], label INT64[]] sha256:0123456789abcdef}. */
  public static String of(Dataset data) {
    String fields = data.fields().stream()
        .map(f -> f.name() + " " + f.dataType() + f.sampleShape())
        .collect(Collectors.joining(", ", "[", "]"));
    return data.size() + " samples " + fields + " sha256:" + digest(data);
  }

  private static String digest(Dataset data) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    List<FieldSpec> fields = data.fields();
    FieldValues[] values = new FieldValues[fields.size()];
    for (int f = 0; f < values.length; f++) {
      values[f] = new FieldValues(fields.get(f));
    }
    int probes = Math.min(PROBES, data.size());
    for (int p = 0; p < probes; p++) {
      int index = (int) ((long) p * data.size() / probes);
      for (int f = 0; f < values.length; f++) {
        data.read(index, f, values[f]);
        ByteBuffer bytes;
        if (fields.get(f).isFloat()) {
          float[] v = values[f].floats();
          bytes = ByteBuffer.allocate(v.length * 4);
          bytes.asFloatBuffer().put(v);
        } else {
          long[] v = values[f].longs();
          bytes = ByteBuffer.allocate(v.length * 8);
          bytes.asLongBuffer().put(v);
        }
        sha.update(bytes);
      }
    }
    return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
  }
}
