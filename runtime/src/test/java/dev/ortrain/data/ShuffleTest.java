package dev.ortrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShuffleTest {
  static final int SAMPLES = 50;

  /** The sample indices of one epoch, in the order the loader visits them. */
  static long[] epochOrder(DataLoader loader) {
    long[] order = new long[loader.datasetSize()];
    int filled = 0;
    for (Batch b : loader.restOfEpoch()) {
      long[] y = TestData.longs(b, "y");
      System.arraycopy(y, 0, order, filled, y.length);
      filled += y.length;
    }
    return Arrays.copyOf(order, filled);
  }

  static DataLoader shuffled(long seed, int batchSize, int prefetch) {
    return DataLoader.builder(TestData.indexed(SAMPLES)).batchSize(batchSize).shuffle(true).seed(seed)
        .prefetch(prefetch).build();
  }

  @Test
  void sameSeedGivesTheSameOrderEveryRun() {
    try (DataLoader a = shuffled(7, 8, 0); DataLoader b = shuffled(7, 8, 0)) {
      for (int epoch = 0; epoch < 3; epoch++) {
        assertArrayEquals(epochOrder(a), epochOrder(b), "epoch " + epoch);
      }
    }
  }

  @Test
  void everyEpochIsAPermutationAndEpochsDiffer() {
    try (DataLoader loader = shuffled(7, 8, 0)) {
      long[] first = epochOrder(loader);
      long[] second = epochOrder(loader);
      long[] identity = new long[SAMPLES];
      Arrays.setAll(identity, i -> i);
      assertArrayEquals(identity, sorted(first));
      assertArrayEquals(identity, sorted(second));
      assertFalse(Arrays.equals(first, identity), "shuffled");
      assertFalse(Arrays.equals(first, second), "a new order each epoch");
    }
  }

  @Test
  void differentSeedsGiveDifferentOrders() {
    try (DataLoader a = shuffled(1, 8, 0); DataLoader b = shuffled(2, 8, 0)) {
      assertFalse(Arrays.equals(epochOrder(a), epochOrder(b)));
    }
  }

  @Test
  void orderDependsOnlyOnSeedAndEpochNotOnBatchingOrPrefetch() {
    try (DataLoader small = shuffled(3, 4, 0); DataLoader large = shuffled(3, 16, 2)) {
      for (int epoch = 0; epoch < 2; epoch++) {
        assertArrayEquals(epochOrder(small), epochOrder(large));
      }
    }
  }

  @Test
  void withoutShuffleSamplesComeInDatasetOrder() {
    try (DataLoader loader = DataLoader.builder(TestData.indexed(SAMPLES)).batchSize(8).seed(5).build()) {
      long[] order = epochOrder(loader);
      assertEquals(SAMPLES, order.length);
      for (int i = 0; i < SAMPLES; i++) {
        assertEquals(i, order[i]);
      }
    }
  }

  @Test
  void sampleRandomIsUniformEnoughAndStable() {
    SampleRandom r = new SampleRandom();
    r.reseed(1, 2, 3, 4);
    long firstValue = r.nextLong();
    r.reseed(1, 2, 3, 4);
    assertEquals(firstValue, r.nextLong(), "a pure function of its keys");
    int[] counts = new int[3];
    for (int i = 0; i < 30_000; i++) {
      counts[r.nextInt(3)]++;
    }
    for (int c : counts) {
      assertEquals(10_000, c, 400);
    }
    for (int i = 0; i < 1000; i++) {
      float f = r.nextFloat();
      assertEquals(0.5, f, 0.5 + 1e-9);
    }
  }

  private static long[] sorted(long[] values) {
    long[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }
}
