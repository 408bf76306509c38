package dev.ortrain.session;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.ortrain.graph.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Draws the dropout masks a training model takes as inputs. Each mask element is a pure function of (seed,
 * step, mask, element), computed with the SplitMix64 finaliser, so a run resumed at step t draws exactly
 * the masks an uninterrupted run draws there: the only state is the step counter.
 */
final class DropoutMasks implements AutoCloseable {
  private final OrtEnvironment env;
  private final long seed;
  private final Map<String, Float> ratios;
  private final Map<String, TensorType> types;
  private final Map<String, FloatBuffer> buffers = new HashMap<>();
  private final Map<String, OnnxTensor> tensors = new HashMap<>();
  private final Map<String, Long> batchOf = new HashMap<>();

  DropoutMasks(OrtEnvironment env, long seed, Map<String, Float> ratios, Map<String, TensorType> types) {
    this.env = env;
    this.seed = seed;
    this.ratios = ratios;
    this.types = types;
  }

  boolean handles(String input) {
    return ratios.containsKey(input);
  }

  /** The mask for {@code input} at {@code step} for a batch of {@code batch} samples (valid until the next call). */
  OnnxTensor mask(String input, long step, long batch) {
    long[] shape = types.get(input).shape().resolve(batch);
    if (!Long.valueOf(batch).equals(batchOf.get(input))) {
      OnnxTensor old = tensors.remove(input);
      if (old != null) {
        old.close();
      }
      long count = 1;
      for (long d : shape) {
        count *= d;
      }
      FloatBuffer buf = ByteBuffer.allocateDirect((int) count * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
      try {
        tensors.put(input, OnnxTensor.createTensor(env, buf, shape));
      } catch (OrtException e) {
        throw new TrainingSessionException("Cannot create the dropout mask tensor for " + input, e);
      }
      buffers.put(input, buf);
      batchOf.put(input, batch);
    }
    fill(buffers.get(input), ratios.get(input), seed, step, input.hashCode());
    return tensors.get(input);
  }

  /** Writes 1 (keep) with probability 1 − ratio and 0 otherwise. */
  static void fill(FloatBuffer buf, float ratio, long seed, long step, long maskId) {
    long base = mix(seed ^ mix(step * 0x9E3779B97F4A7C15L + maskId));
    double threshold = ratio;
    for (int i = 0, n = buf.capacity(); i < n; i++) {
      double u = (mix(base + i * 0xBF58476D1CE4E5B9L) >>> 11) * 0x1.0p-53;
      buf.put(i, u < threshold ? 0f : 1f);
    }
  }

  /** SplitMix64's finaliser: a bijective 64-bit mix with good avalanche. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public void close() {
    tensors.values().forEach(OnnxTensor::close);
    tensors.clear();
  }
}
