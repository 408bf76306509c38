package dev.ortrain.nn;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Random streams for parameter initialization. Each parameter draws from its own stream, seeded from the
 * model seed and the parameter's name, so adding or removing a layer leaves the other layers' values
 * unchanged. SplittableRandom's algorithm (SplitMix64) is specified, so the values are the same on every
 * JVM; normal deviates come from our own Box–Muller transform for the same reason.
 */
final class ParameterRandom {
  private ParameterRandom() {}

  static SplittableRandom forParameter(long modelSeed, String parameterName) {
    return new SplittableRandom(modelSeed * 0x9E3779B97F4A7C15L ^ fnv1a(parameterName));
  }

  /** Fills {@code out} with N(mean, std²) deviates. */
  static void fillNormal(float[] out, double mean, double std, SplittableRandom random) {
    for (int i = 0; i < out.length; i += 2) {
      double u1 = 1.0 - random.nextDouble(); // in (0, 1], so the log is finite
      double u2 = random.nextDouble();
      double radius = Math.sqrt(-2.0 * Math.log(u1));
      out[i] = (float) (mean + std * radius * Math.cos(2 * Math.PI * u2));
      if (i + 1 < out.length) {
        out[i + 1] = (float) (mean + std * radius * Math.sin(2 * Math.PI * u2));
      }
    }
  }

  /** Fills {@code out} with U(low, high) deviates. */
  static void fillUniform(float[] out, double low, double high, SplittableRandom random) {
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (low + (high - low) * random.nextDouble());
    }
  }

  /** 64-bit FNV-1a of the UTF-8 bytes: a stable hash (String.hashCode is only 32 bits). */
  private static long fnv1a(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
