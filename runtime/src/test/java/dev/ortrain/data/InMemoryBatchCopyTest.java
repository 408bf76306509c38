package dev.ortrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ortrain.graph.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Batches of an in-memory dataset are copied straight from its arrays (whole runs of consecutive samples at
 * once); they must equal, value for value, what the per-sample path assembles from the same samples.
 */
class InMemoryBatchCopyTest {

  /** The same samples behind the plain {@link Dataset} interface, so that the loader reads them one by one. */
  private static Dataset perSample(Dataset source) {
    return new Dataset() {
      @Override
      public int size() {
        return source.size();
      }

      @Override
      public List<FieldSpec> fields() {
        return source.fields();
      }

      @Override
      public void read(int index, int field, FieldValues out) {
        source.read(index, field, out);
      }
    };
  }

  private static void assertSameBatches(Dataset inMemory, int batchSize, boolean shuffle, int prefetch, int batches) {
    try (DataLoader direct = DataLoader.builder(inMemory).batchSize(batchSize).shuffle(shuffle).seed(7)
        .prefetch(prefetch).build();
        DataLoader generic = DataLoader.builder(perSample(inMemory)).batchSize(batchSize).shuffle(shuffle).seed(7)
            .build()) {
      for (int i = 0; i < batches; i++) {
        Batch a = direct.next();
        Batch b = generic.next();
        assertEquals(b.size(), a.size());
        assertEquals(b.epoch(), a.epoch());
        for (String field : b.fieldNames()) {
          if (b.field(field).dataType() == DataType.FLOAT) {
            assertArrayEquals(TestData.floats(b, field), TestData.floats(a, field), "batch " + i + " " + field);
          } else {
            assertArrayEquals(TestData.longs(b, field), TestData.longs(a, field), "batch " + i + " " + field);
          }
        }
      }
    }
  }

  @Test
  void inOrderBatchesAreWholeRanges() {
    assertSameBatches(TestData.indexed(10), 4, false, 0, 7); // partial final batches and a second epoch
  }

  @Test
  void shuffledBatchesGatherSampleBySample() {
    assertSameBatches(TestData.images(37, 2, 3, 3), 8, true, 0, 12);
    assertSameBatches(TestData.images(37, 2, 3, 3), 8, true, 2, 12);
  }

  @Test
  void slicesAndRenamesOfArraysAreCopiedFromTheirOffset() {
    Dataset view = TestData.indexed(20).renamed("x", "input").slice(5, 17).slice(2, 11);
    assertSameBatches(view, 4, false, 0, 6);
    assertSameBatches(view, 4, true, 0, 6);
    try (DataLoader loader = DataLoader.builder(view).batchSize(3).build()) {
      assertArrayEquals(new long[] {7, 8, 9}, TestData.longs(loader.next(), "y"), "samples 2.. of samples 5..");
    }
  }
}
