package dev.ortrain.loop;

import dev.ortrain.data.SampleRandom;

/**
 * Which of its seed's streams of dropout masks and augmentations a run draws. Stream 0, a run on its own, draws from
 * the seed itself; data-parallel worker i draws stream i, so that the workers drop units and augment samples
 * differently while everything else the seed decides (the initial weights, each shard's shuffled order) stays as it
 * would be.
 *
 * @param index 0 or more
 */
public record RandomStream(int index) {
  /** The seed's own stream, a run's unless it is one of several drawing from the same seed. */
  public static final RandomStream FIRST = new RandomStream(0);

  public RandomStream {
    if (index < 0) {
      throw new IllegalArgumentException("Random stream " + index + ": give 0 or more");
    }
  }

  /**
   * The seed this stream of {@code seed} draws from: {@code seed} itself for stream 0, else both mixed by the
   * SplitMix64 finaliser, so that no stream of one seed is stream 0 of a nearby seed (as {@code seed + index} would
   * be).
   */
  public long seedFrom(long seed) {
    if (index == 0) {
      return seed;
    }
    return SampleRandom.mix(seed + index * 0x9E3779B97F4A7C15L);
  }
}
