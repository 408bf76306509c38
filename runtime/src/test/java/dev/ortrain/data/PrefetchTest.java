package dev.ortrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrefetchTest {

  /** Runs {@code failure} (which throws) when reading sample {@code failAt}; otherwise the indexed data set. */
  static final class FailingDataset implements Dataset {
    final Dataset inner = TestData.indexed(40);
    final int failAt;
    final Runnable failure;

    FailingDataset(int failAt, Runnable failure) {
      this.failAt = failAt;
      this.failure = failure;
    }

    @Override
    public int size() {
      return inner.size();
    }

    @Override
    public List<FieldSpec> fields() {
      return inner.fields();
    }

    @Override
    public void read(int index, int field, FieldValues out) {
      if (index == failAt) {
        failure.run();
      }
      inner.read(index, field, out);
    }
  }

  static DataLoader loader(Dataset data, int prefetch) {
    return DataLoader.builder(data).batchSize(6).shuffle(true).seed(9).prefetch(prefetch)
        .transform(Transforms.normalize("x", 1f, 2f))
        .transform(Transforms.oneHot("y", 40))
        .build();
  }

  @Test
  void prefetchedBatchesEqualDirectlyLoadedOnes() {
    try (DataLoader direct = loader(TestData.indexed(40), 0); DataLoader prefetched = loader(TestData.indexed(40), 2)) {
      assertEquals(TestData.nextContents(direct, 21), TestData.nextContents(prefetched, 21)); // 3 epochs of 7
    }
  }

  @Test
  void theBatchInUseIsNotOverwrittenWhileTheThreadRunsAhead() throws InterruptedException {
    try (DataLoader loader = DataLoader.builder(TestData.indexed(40)).batchSize(4).prefetch(1).build()) {
      Batch held = loader.next();
      long[] before = TestData.longs(held, "y");
      Thread.sleep(50); // the thread now fills every slot it may use
      assertArrayEquals(new long[] {0, 1, 2, 3}, before);
      assertArrayEquals(before, TestData.longs(held, "y"), "the held batch still has its own samples");
      for (int i = 1; i < 10; i++) {
        Batch b = loader.next();
        assertEquals(i * 4, TestData.longs(b, "y")[0]);
        Thread.sleep(2);
        assertEquals(i * 4, TestData.longs(b, "y")[0]);
      }
    }
  }

  @Test
  void aFailureOnThePrefetchThreadSurfacesInTheCallerWithItsCause() {
    RuntimeException boom = new IllegalStateException("disk on fire");
    try (DataLoader loader = DataLoader.builder(new FailingDataset(13, () -> {
      throw boom;
    })).batchSize(4).prefetch(2).build()) {
      loader.next();
      loader.next();
      loader.next(); // samples 0..11 are fine
      DataLoadingException e = assertThrows(DataLoadingException.class, loader::next);
      assertTrue(e.getMessage().startsWith("The prefetch thread failed on the batch at position 12 of epoch 0:"),
          e.getMessage());
      assertTrue(e.getMessage().contains("Sample 13 (epoch 0)"), e.getMessage());
      assertSame(boom, e.getCause().getCause());
      assertFalse(loader.prefetchThreadRunning(), "the failed thread has ended");
      DataLoadingException again = assertThrows(DataLoadingException.class, loader::next);
      assertSame(boom, again.getCause().getCause(), "the loader stays failed");
    }
  }

  @Test
  void errorsOtherThanExceptionsAlsoReachTheCaller() {
    Runnable brokenInvariant = () -> {
      throw new AssertionError("broken invariant");
    };
    try (DataLoader loader = DataLoader.builder(new FailingDataset(0, brokenInvariant)).prefetch(1).build()) {
      DataLoadingException e = assertThrows(DataLoadingException.class, loader::next);
      assertEquals(AssertionError.class, e.getCause().getClass());
    }
  }

  @Test
  void withoutPrefetchTheSameFailureIsThrownDirectly() {
    RuntimeException boom = new IllegalStateException("disk on fire");
    try (DataLoader loader = DataLoader.builder(new FailingDataset(1, () -> {
      throw boom;
    })).batchSize(4).build()) {
      DataLoadingException e = assertThrows(DataLoadingException.class, loader::next);
      assertTrue(e.getMessage().startsWith("Sample 1 (epoch 0): reading it from"), e.getMessage());
      assertSame(boom, e.getCause());
    }
  }

  @Test
  void closeStopsTheThreadBeforeReturning() {
    DataLoader loader = DataLoader.builder(TestData.indexed(40)).batchSize(4).prefetch(2).build();
    assertFalse(loader.prefetchThreadRunning(), "started on the first request, not by the builder");
    try (loader) {
      loader.next();
      assertTrue(loader.prefetchThreadRunning());
    }
    assertFalse(loader.prefetchThreadRunning());
    assertThrows(IllegalStateException.class, loader::next);
  }
}
