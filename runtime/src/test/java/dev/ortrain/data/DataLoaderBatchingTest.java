package dev.ortrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ortrain.rules.ConfigRules;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderBatchingTest {

  @Test
  void cutsAnEpochIntoFullBatchesAndAFinalPartialOne() {
    try (DataLoader loader = DataLoader.builder(TestData.indexed(10)).batchSize(4).build()) {
      assertEquals(3, loader.batchesPerEpoch());
      Batch first = loader.next();
      assertEquals(4, first.size());
      assertEquals(List.of("x", "y"), first.fieldNames());
      assertArrayEquals(new long[] {4, 2}, first.shape("x"));
      assertArrayEquals(new long[] {4}, first.shape("y"));
      assertArrayEquals(new float[] {0, 1000, 1, 1001, 2, 1002, 3, 1003}, TestData.floats(first, "x"));
      assertArrayEquals(new long[] {0, 1, 2, 3}, TestData.longs(first, "y"));
      assertFalse(first.lastInEpoch());

      assertArrayEquals(new long[] {4, 5, 6, 7}, TestData.longs(loader.next(), "y"));
      Batch last = loader.next();
      assertEquals(2, last.size());
      assertEquals(2, last.index());
      assertTrue(last.lastInEpoch());
      assertArrayEquals(new long[] {2, 2}, last.shape("x"));
      assertEquals(4, last.floats("x").remaining(), "a partial batch exposes only its own values");
      assertArrayEquals(new long[] {8, 9}, TestData.longs(last, "y"));
      assertEquals(new LoaderState(0, 1, 0), loader.state(), "the state rolls over to the next epoch");

      Batch nextEpoch = loader.next();
      assertEquals(1, nextEpoch.epoch());
      assertArrayEquals(new long[] {0, 1, 2, 3}, TestData.longs(nextEpoch, "y"));
    }
  }

  /** With dropLast, a last batch exactly full is kept, and a batch as large as the dataset is one batch. */
  @Test
  void dropLastKeepsALastBatchThatIsExactlyFull() {
    try (DataLoader loader = DataLoader.builder(TestData.indexed(8)).batchSize(4).dropLast(true).build()) {
      assertEquals(2, loader.batchesPerEpoch());
      loader.next();
      Batch second = loader.next();
      assertEquals(4, second.size());
      assertArrayEquals(new long[] {4, 5, 6, 7}, TestData.longs(second, "y"));
      assertTrue(second.lastInEpoch());
    }
    try (DataLoader loader = DataLoader.builder(TestData.indexed(8)).batchSize(8).dropLast(true).build()) {
      assertEquals(1, loader.batchesPerEpoch());
      assertEquals(8, loader.next().size());
    }
  }

  @Test
  void prefetchAcceptsItsMaximum() {
    try (DataLoader loader = DataLoader.builder(TestData.indexed(8)).batchSize(4)
        .prefetch(DataLoader.MAX_PREFETCH).build()) {
      assertArrayEquals(new long[] {0, 1, 2, 3}, TestData.longs(loader.next(), "y"));
    }
    assertThrows(IllegalArgumentException.class,
        () -> DataLoader.builder(TestData.indexed(8)).prefetch(DataLoader.MAX_PREFETCH + 1));
  }

  @Test
  void dropLastSkipsThePartialBatch() {
    try (DataLoader loader = DataLoader.builder(TestData.indexed(10)).batchSize(4).dropLast(true).build()) {
      assertEquals(2, loader.batchesPerEpoch());
      loader.next();
      Batch second = loader.next();
      assertTrue(second.lastInEpoch());
      assertEquals(new LoaderState(0, 1, 0), loader.state());
      assertArrayEquals(new long[] {0, 1, 2, 3}, TestData.longs(loader.next(), "y"));
    }
  }

  @Test
  void restOfEpochIteratesTheRemainingBatchesOnly() {
    try (DataLoader loader = DataLoader.builder(TestData.indexed(10)).batchSize(3).build()) {
      loader.next();
      assertEquals(3, loader.remainingInEpoch());
      List<Integer> sizes = new ArrayList<>();
      for (Batch b : loader.restOfEpoch()) {
        sizes.add(b.size());
      }
      assertEquals(List.of(3, 3, 1), sizes);
      assertEquals(1, loader.state().epoch());
      int count = 0;
      for (Batch b : loader.restOfEpoch()) {
        assertEquals(1, b.epoch());
        count++;
      }
      assertEquals(4, count);
    }
  }

  @Test
  void reusesTheSameDirectBuffersForEveryBatch() {
    try (DataLoader loader = DataLoader.builder(TestData.indexed(10)).batchSize(4).build()) {
      Batch first = loader.next();
      BatchField x = first.field("x");
      FloatBuffer buffer = x.floats();
      assertTrue(buffer.isDirect(), "ONNX Runtime wraps direct buffers without copying");
      assertEquals(ByteOrder.nativeOrder(), buffer.order());
      buffer.position(3); // a careless reader
      loader.next();
      loader.next(); // partial batch: other views over the same memory
      Batch again = loader.next();
      assertSame(first, again);
      assertSame(x, again.field("x"), "same field object, so an engine can cache its tensor");
      assertSame(buffer, again.floats("x"));
      assertEquals(0, buffer.position(), "positions are reset before a slot is reused");
      assertEquals(8, buffer.remaining());
    }
  }

  @Test
  void aBatchLargerThanTheDatasetGivesOnePartialBatchWithoutDropLast() {
    try (DataLoader loader = DataLoader.builder(TestData.indexed(3)).batchSize(8).build()) {
      assertEquals(1, loader.batchesPerEpoch());
      Batch b = loader.next();
      assertEquals(3, b.size());
      assertTrue(b.lastInEpoch());
    }
  }

  @Test
  void rejectsSizesThatWouldGiveNoBatches() {
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> DataLoader.builder(TestData.indexed(0)).build());
    assertTrue(empty.getMessage().contains("is empty; a loader needs at least one sample"), empty.getMessage());

    IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
        () -> DataLoader.builder(TestData.indexed(5)).batchSize(8).dropLast(true).build());
    assertEquals("batchSize = 8 is larger than the dataset (5 samples) and dropLast is on, so an epoch would have"
        + " no batch; lower batchSize to at most 5 or turn dropLast off", tooLarge.getMessage());

    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> DataLoader.builder(TestData.indexed(5)).batchSize(0));
    assertEquals(ConfigRules.BATCH_SIZE.check(0).orElseThrow(), zero.getMessage());

    IllegalArgumentException prefetch = assertThrows(IllegalArgumentException.class,
        () -> DataLoader.builder(TestData.indexed(5)).prefetch(-1));
    assertTrue(prefetch.getMessage().startsWith("prefetch = -1 is out of range"), prefetch.getMessage());
  }

  @Test
  void closedLoadersRefuseToLoad() {
    DataLoader loader = DataLoader.builder(TestData.indexed(5)).build();
    loader.close();
    loader.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, loader::next);
    assertEquals("The data loader is closed", e.getMessage());
  }

  @Test
  void arrayDatasetChecksItsArrays() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ArrayDataset.builder(3).floats("x", new float[5], 2));
    assertEquals("Field 'x' has 5 values, but 3 samples of shape [2] need 6", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ArrayDataset.builder(1).floats("x", new float[1]).longs("x", new long[1]));
    assertThrows(IllegalStateException.class, () -> ArrayDataset.builder(1).build());
  }

  @Test
  void renamedDatasetsKeepTheirValues() {
    Dataset renamed = TestData.indexed(4).renamed("x", "input").renamed("y", "target");
    assertEquals(List.of("input", "target"), renamed.fieldNames());
    try (DataLoader loader = DataLoader.builder(renamed).batchSize(2).build()) {
      assertArrayEquals(new long[] {0, 1}, TestData.longs(loader.next(), "target"));
    }
    IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
        () -> TestData.indexed(4).renamed("x", "y"));
    assertTrue(clash.getMessage().contains("already has a field 'y'"), clash.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> TestData.indexed(4).renamed("z", "w"));
    assertEquals("No field 'z' in the dataset; its fields are [x, y]", missing.getMessage());
  }
}
