package dev.ortrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SlicedDatasetTest {
  private static final Dataset TEN = ArrayDataset.builder(10)
      .floats("x", new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 1)
      .longs("y", new long[] {10, 11, 12, 13, 14, 15, 16, 17, 18, 19}).build();

  @Test
  void readsTheChosenRange() {
    Dataset tail = TEN.slice(7, 10);
    assertEquals(3, tail.size());
    assertEquals(TEN.fields(), tail.fields());
    FieldValues x = new FieldValues(tail.fields().get(0));
    FieldValues y = new FieldValues(tail.fields().get(1));
    tail.read(0, 0, x);
    tail.read(2, 1, y);
    assertArrayEquals(new float[] {7}, x.floats());
    assertArrayEquals(new long[] {19}, y.longs());
    assertTrue(tail.toString().startsWith("samples [7, 10) of"));
  }

  @Test
  void rejectsRangesOutsideTheDataset() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TEN.slice(5, 11));
    assertTrue(e.getMessage().contains("use 0 <= from < to <= 10"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TEN.slice(-1, 3));
    assertThrows(IllegalArgumentException.class, () -> TEN.slice(4, 4));
  }
}
