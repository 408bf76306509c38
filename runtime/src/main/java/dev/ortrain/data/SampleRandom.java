package dev.ortrain.data;

/**
 * A small seeded random generator (SplitMix64) for shuffling and augmentation. Written out here rather than
 * taken from {@code java.util} so that sample orders and augmentations stay bit-identical across JDK versions:
 * a run resumed on another JVM must see the same batches. Not thread-safe; each assembling thread owns one.
 */
public final class SampleRandom {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  SampleRandom() {}

  /** Restarts the sequence as a pure function of the four keys (seed, epoch, sample, stream). */
  void reseed(long seed, long epoch, long sample, long stream) {
    long h = mix(seed + GOLDEN_GAMMA);
    h = mix(h ^ (epoch + GOLDEN_GAMMA));
    h = mix(h ^ (sample + 2 * GOLDEN_GAMMA));
    state = mix(h ^ (stream + 3 * GOLDEN_GAMMA));
  }

  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /** Uniform in [0, bound), without modulo bias. */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    long threshold = (1L << 32) % bound; // the lowest 2^32 mod bound values are rejected to stay unbiased
    while (true) {
      long r = nextLong() >>> 32;
      if (r >= threshold) {
        return (int) (r % bound);
      }
    }
  }

  /** Uniform in [0, 1). */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** True with probability {@code p}. */
  public boolean nextBoolean(double p) {
    return (nextLong() >>> 11) * 0x1.0p-53 < p;
  }

  /** SplitMix64's finaliser: a bijective 64-bit mix with good avalanche. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
