package dev.ortrain.spark.parallel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.spark.BarrierTaskContext;

/**
 * Shares states through a barrier stage's all-gather, which Spark's driver relays: each state goes as the Base64
 * text of its little-endian floats, since the all-gather carries strings.
 */
final class BarrierExchange implements Exchange {
  private final BarrierTaskContext task;

  BarrierExchange(BarrierTaskContext task) {
    this.task = task;
  }

  @Override
  public float[] mean(float[] mine) {
    String[] all = task.allGather(encode(mine));
    List<float[]> states = new ArrayList<>(all.length);
    for (String state : all) {
      states.add(decode(state));
    }
    return Averaging.mean(states);
  }

  static String encode(float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  static float[] decode(String text) {
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(text)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[bytes.remaining() / Float.BYTES];
    bytes.asFloatBuffer().get(values);
    return values;
  }
}
