package dev.ortrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ArrayDatasetCopyTest {
  @Test
  void copiesEverySampleOfEveryField() {
    Dataset source = TestData.images(6, 1, 2, 3).renamed("image", "input");
    ArrayDataset copy = ArrayDataset.copyOf(source);
    assertEquals(source.size(), copy.size());
    assertEquals(source.fields(), copy.fields());
    for (int f = 0; f < source.fields().size(); f++) {
      FieldValues a = new FieldValues(source.fields().get(f));
      FieldValues b = new FieldValues(copy.fields().get(f));
      for (int i = 0; i < source.size(); i++) {
        source.read(i, f, a);
        copy.read(i, f, b);
        if (a.spec().isFloat()) {
          assertArrayEquals(a.floats(), b.floats(), "field " + f + " sample " + i);
        } else {
          assertArrayEquals(a.longs(), b.longs(), "field " + f + " sample " + i);
        }
      }
    }
  }

  @Test
  void copiesAConvertingDataset() throws java.io.IOException {
    // IDX bytes become floats once, scaled as the IDX dataset scales them on every read.
    byte[] pixels = new byte[4 * 2 * 2];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 17);
    }
    IdxFile images = IdxFile.read(new java.io.ByteArrayInputStream(
        IdxFileTest.idx(0x08, new int[] {4, 2, 2}, pixels)), "images");
    IdxFile labels = IdxFile.read(new java.io.ByteArrayInputStream(
        IdxFileTest.idx(0x08, new int[] {4}, new byte[] {3, 1, 4, 1})), "labels");
    IdxDataset idx = IdxDataset.of(images, labels, "test");
    ArrayDataset copy = ArrayDataset.copyOf(idx);
    FieldValues a = new FieldValues(idx.fields().get(0));
    FieldValues b = new FieldValues(copy.fields().get(0));
    idx.read(3, 0, a);
    copy.read(3, 0, b);
    assertArrayEquals(a.floats(), b.floats());
    assertEquals(1f, b.floats()[3], 1e-6f); // pixel 15 * 17 = 255, scaled to 1
    FieldValues y = new FieldValues(copy.fields().get(1));
    copy.read(2, 1, y);
    assertArrayEquals(new long[] {4}, y.longs());
  }
}
