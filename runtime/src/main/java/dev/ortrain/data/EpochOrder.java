package dev.ortrain.data;

/**
 * The order in which an epoch visits the samples: 0, 1, 2, ... or a permutation that is a pure function of
 * (seed, epoch), so a resumed run needs only those two numbers to see the same order. The permutation array
 * is allocated once and recomputed when the epoch changes.
 */
final class EpochOrder {
  private static final long SHUFFLE_SAMPLE_KEY = -1; // sample indices are >= 0: no clash with augmentation streams

  private final long seed;
  private final int[] permutation; // null without shuffling
  private final SampleRandom random = new SampleRandom();
  private int epoch = -1;

  EpochOrder(int size, boolean shuffle, long seed) {
    this.seed = seed;
    this.permutation = shuffle ? new int[size] : null;
  }

  /** The dataset index visited at {@code position} of {@code epoch}. */
  int sampleAt(int forEpoch, int position) {
    if (permutation == null) {
      return position;
    }
    if (forEpoch != epoch) {
      shuffle(forEpoch);
    }
    return permutation[position];
  }

  private void shuffle(int forEpoch) {
    for (int i = 0; i < permutation.length; i++) {
      permutation[i] = i;
    }
    random.reseed(seed, forEpoch, SHUFFLE_SAMPLE_KEY, 0);
    for (int i = permutation.length - 1; i > 0; i--) { // Fisher-Yates
      int j = random.nextInt(i + 1);
      int t = permutation[i];
      permutation[i] = permutation[j];
      permutation[j] = t;
    }
    epoch = forEpoch;
  }
}
